#include "platform/openapi.hpp"

#include <algorithm>
#include <cctype>

namespace duet {

namespace {
using nlohmann::json;

json ProblemSchema() {
  return {{"type", "object"},
          {"description",
           "RFC 9457 problem details; `type` names the problem (…/problems/invalid, …/problems/rules/licensure)"},
          {"properties",
           {{"type", {{"type", "string"}}},
            {"title", {{"type", "string"}}},
            {"status", {{"type", "integer"}}},
            {"detail", {{"type", "string"}}},
            {"request_id", {{"type", "string"}}},
            {"overridable",
             {{"type", "boolean"},
              {"description", "A rule's problem: it gives way to a recorded reason (override_reason)"}}},
            {"errors",
             {{"type", "array"},
              {"items",
               {{"type", "object"},
                {"properties", {{"field", {{"type", "string"}}}, {"message", {{"type", "string"}}}}},
                {"required", json::array({"field", "message"})}}}}}}},
          {"required", json::array({"type", "title", "status", "detail"})}};
}

json ProblemResponses() {
  json out = json::object();
  auto one = [&](std::string key, const char* description) {
    out[key] = {{"description", description},
                {"content", {{"application/problem+json", {{"schema", {{"$ref", "#/components/schemas/Problem"}}}}}}}};
  };
  one("Problem", "Problem details (RFC 9457)");
  one("Problem400", "The request is invalid: every field problem is listed in `errors`");
  one("Problem401", "Sign-in required (or a verification code)");
  one("Problem403", "The signed-in person may not do this");
  one("Problem404", "No such resource in this practice");
  one("Problem409", "Taken, changed meanwhile (send the current `version`) or a duplicate");
  one("Problem405",
      "The path exists, not with this method (type …/problems/method-not-allowed; Allow lists the methods)");
  one("Problem413", "The body is too large");
  one("Problem415", "The body is not application/json (type …/problems/unsupported-media-type)");
  one("Problem422", "A practice rule forbids it; `type` ends with the rule's name");
  one("Problem429", "Too many requests, or the account is locked for a while");
  one("Problem503", "Temporarily unavailable (the database, or a full disk)");
  return out;
}
}  // namespace

nlohmann::json OpenApiDocument(const Router& router, std::string_view version) {
  json paths = json::object();
  json schemas = {{"Problem", ProblemSchema()}};
  for (const auto& r : router.routes()) {
    std::string method = r.method;
    std::transform(method.begin(), method.end(), method.begin(), [](unsigned char c) { return std::tolower(c); });
    std::string op_id = method;
    for (char c : r.pattern) op_id += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    json op = {
        {"summary", r.summary}, {"operationId", op_id}, {"tags", json::array({r.tag})}, {"x-duet-action", r.action}};
    json responses = json::object();
    if (r.describe) {
      json operation = json::object();
      json route_schemas = json::object();
      r.describe(operation, route_schemas);
      for (auto& [k, v] : operation.items()) {
        if (k == "responses")
          responses = std::move(v);
        else
          op[k] = std::move(v);
      }
      for (auto& [name, schema] : route_schemas.items()) schemas[name] = std::move(schema);
    } else {
      responses["200"] = {{"description", "Success"}};
    }
    // The problems a route can answer, from what it reads and who may call it.
    const bool reads_body = op.contains("requestBody");
    auto problem = [&](const char* status) {
      responses[status] = {{"$ref", std::string("#/components/responses/Problem") + status}};
    };
    if (reads_body || op.contains("parameters")) problem("400");
    if (r.action != kPublicAction) {
      problem("401");
      problem("403");
    }
    if (r.pattern.find('{') != std::string::npos) problem("404");
    if (r.method != "GET") {
      problem("409");
      problem("422");
    }
    if (reads_body) {
      problem("413");
      problem("415");
    }
    problem("405");
    problem("429");
    problem("503");
    responses["default"] = {{"$ref", "#/components/responses/Problem"}};
    op["responses"] = responses;
    if (r.action == kPublicAction) op["security"] = json::array();
    json params = json::array();
    if (op.contains("parameters")) params = op["parameters"];
    std::size_t pos = 0;
    while ((pos = r.pattern.find('{', pos)) != std::string::npos) {
      auto end = r.pattern.find('}', pos);
      params.push_back({{"name", r.pattern.substr(pos + 1, end - pos - 1)},
                        {"in", "path"},
                        {"required", true},
                        {"schema", {{"type", "string"}}}});
      pos = end;
    }
    if (!params.empty()) op["parameters"] = params;
    paths[r.pattern][method] = op;
  }
  return {{"openapi", "3.1.0"},
          {"info",
           {{"title", "Duet API"},
            {"version", version},
            {"description",
             "Practice platform for hybrid therapy practices. Errors are application/problem+json (RFC 9457)."}}},
          {"servers", json::array({{{"url", "/"}}})},
          {"security", json::array({{{"session", json::array()}}, {{"bearer", json::array()}}})},
          {"paths", paths},
          {"components",
           {{"securitySchemes",
             {{"session", {{"type", "apiKey"}, {"in", "cookie"}, {"name", "duet_session"}}},
              {"bearer", {{"type", "http"}, {"scheme", "bearer"}}}}},
            {"responses", ProblemResponses()},
            {"schemas", schemas}}}};
}

}  // namespace duet
