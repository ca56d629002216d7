#include "platform/openapi.hpp"

#include <algorithm>
#include <cctype>

namespace duet {

nlohmann::json OpenApiDocument(const Router& router, std::string_view version) {
  using nlohmann::json;
  json paths = json::object();
  for (const auto& r : router.routes()) {
    std::string method = r.method;
    std::transform(method.begin(), method.end(), method.begin(), [](unsigned char c) { return std::tolower(c); });
    std::string op_id = method;
    for (char c : r.pattern) op_id += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    json op = {{"summary", r.summary},
               {"operationId", op_id},
               {"tags", json::array({r.tag})},
               {"x-duet-action", r.action},
               {"responses",
                {{"200", {{"description", "Success"}}},
                 {"default", {{"description", "Problem details (RFC 9457)"},
                              {"content", {{"application/problem+json", {{"schema", {{"$ref", "#/components/schemas/Problem"}}}}}}}}}}}};
    if (r.action == kPublicAction) op["security"] = json::array();
    json params = json::array();
    std::size_t pos = 0;
    while ((pos = r.pattern.find('{', pos)) != std::string::npos) {
      auto end = r.pattern.find('}', pos);
      params.push_back({{"name", r.pattern.substr(pos + 1, end - pos - 1)}, {"in", "path"}, {"required", true}, {"schema", {{"type", "string"}}}});
      pos = end;
    }
    if (!r.openapi_extra.empty()) {
      json extra = json::parse(r.openapi_extra, nullptr, false);
      if (extra.is_object()) {
        for (auto& [k, v] : extra.items()) {
          if (k == "parameters") for (auto& p : v) params.push_back(p);
          else op[k] = v;
        }
      }
    }
    if (!params.empty()) op["parameters"] = params;
    paths[r.pattern][method] = op;
  }
  return {{"openapi", "3.1.0"},
          {"info", {{"title", "Duet API"}, {"version", version},
                    {"description", "Practice platform for hybrid therapy practices. Errors are application/problem+json (RFC 9457)."}}},
          {"servers", json::array({{{"url", "/"}}})},
          {"security", json::array({{{"session", json::array()}}, {{"bearer", json::array()}}})},
          {"paths", paths},
          {"components",
           {{"securitySchemes",
             {{"session", {{"type", "apiKey"}, {"in", "cookie"}, {"name", "duet_session"}}},
              {"bearer", {{"type", "http"}, {"scheme", "bearer"}}}}},
            {"schemas",
             {{"Problem",
               {{"type", "object"},
                {"properties",
                 {{"type", {{"type", "string"}}}, {"title", {{"type", "string"}}}, {"status", {{"type", "integer"}}},
                  {"detail", {{"type", "string"}}}, {"request_id", {{"type", "string"}}},
                  {"errors", {{"type", "array"}, {"items", {{"type", "object"}, {"properties", {{"field", {{"type", "string"}}}, {"message", {{"type", "string"}}}}}}}}}}}}}}}}}};
}

}  // namespace duet
