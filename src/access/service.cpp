#include "access/service.hpp"

#include <map>

#include <nlohmann/json.hpp>

#include "access/rules.hpp"
#include "access/store.hpp"
#include "documents/rules.hpp"
#include "platform/audit.hpp"
#include "platform/crypto.hpp"
#include "platform/pdf.hpp"
#include "records/rules.hpp"
#include "scheduling/rules.hpp"

namespace duet::access {
namespace {
using nlohmann::json;
using pdf::Block;
using pdf::Style;

//! A field's value as text: lists joined, table rows one per line.
std::string ValueText(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (!v.is_array()) return v.dump();
  std::string out;
  for (const auto& x : v) {
    if (x.is_array()) {
      std::string row;
      for (const auto& cell : x) row += (row.empty() ? "" : " | ") + ValueText(cell);
      out += (out.empty() ? "" : "\n") + row;
    } else {
      out += (out.empty() ? "" : ", ") + ValueText(x);
    }
  }
  return out;
}

}  // namespace

Service::Service(db::Database& db, const Clock& clock, practice::Service& directory, scheduling::Service& scheduling,
                 records::Service& records, plans::Service& plans, measures::Service& measures,
                 documents::Service& documents)
    : db_(db),
      clock_(clock),
      directory_(directory),
      scheduling_(scheduling),
      records_(records),
      plans_(plans),
      measures_(measures),
      documents_(documents) {}

Result<std::string> Service::RecordPdf(const Principal& who, const std::string& client_id, const Origin& origin) {
  std::string included;
  auto bytes = RecordPdf(who, client_id, Sections{}, {}, origin, &included);
  if (!bytes) return bytes;
  audit::Event e =
      audit::ByPrincipal(who, "record.export", "client", client_id, origin.ip, origin.request_id, client_id);
  e.detail = included;
  auto st = audit::AppendNow(db_, e, clock_.Now());
  if (!st) return tl::unexpected(st.error());
  return bytes;
}

const char* const kPart2Notice =
    "This record which has been disclosed to you is protected by federal confidentiality rules (42 CFR part 2). "
    "These rules prohibit you from using or disclosing this record, or testimony that describes the information "
    "contained in this record, in any civil, criminal, administrative, or legislative proceedings by any Federal, "
    "State, or local authority, against the patient, unless authorized by the consent of the patient, except as "
    "provided at 42 CFR 2.12(c)(5) or as authorized by a court in accordance with 42 CFR 2.64 or 2.65. In addition, "
    "these rules prohibit you from making any other use or disclosure of this record unless at least one of the "
    "following applies: (a) further use or disclosure is expressly permitted by the written consent of the "
    "individual whose information is being disclosed in this record or as otherwise permitted by 42 CFR part 2; "
    "(b) you are a covered entity or business associate and have received the record for treatment, payment, or "
    "health care operations; or (c) you have received the record from a covered entity or business associate as "
    "permitted by 45 CFR part 164, subparts A and E. A general authorization for the release of medical or other "
    "information is NOT sufficient to meet the required elements of written consent to further use or redisclose "
    "the record (see 42 CFR 2.31).";

Result<std::string> Service::RecordPdf(const Principal& who, const std::string& client_id, const Sections& sections,
                                       const std::vector<std::string>& preface, const Origin& caller,
                                       std::string* included, int* part2_included) {
  int part2 = 0;  // Part 2 records included
  if (auto ok = directory_.MayReadChart(who, client_id); !ok) return tl::unexpected(ok.error());
  // The export is one audit event, written by the caller with what it included.
  Origin origin = caller;
  origin.audited_as_one = true;
  std::vector<std::string> parts;
  auto counted = [&](std::string what, std::size_t n) { parts.push_back(what + " (" + std::to_string(n) + ")"); };
  auto client = directory_.GetClient(who, client_id, origin);
  if (!client) return tl::unexpected(client.error());
  const auto& c = client->client;
  EpochSeconds now = clock_.Now();
  std::vector<Block> b;
  b.push_back({Style::kTitle, "Health record: " + c.given_name + " " + c.family_name});
  b.push_back({Style::kSmall, who.practice_name + " · prepared " + FormatTimestamp(now) + " by " + who.display_name +
                                  " · psychotherapy notes are not part of this record"});
  for (const auto& line : preface) b.push_back({Style::kText, line});
  const std::size_t notice_at = b.size();  // the Part 2 notice goes here when such records are included

  if (sections.demographics) {
    parts.push_back("demographics");
    b.push_back({Style::kHeading, "About the client"});
    std::string about = "Name: " + c.given_name + " " + c.family_name +
                        (c.preferred_name.empty() ? "" : " (" + c.preferred_name + ")") +
                        "\nDate of birth: " + c.birth_date + (c.pronouns.empty() ? "" : "\nPronouns: " + c.pronouns) +
                        "\nPhone: " + c.phone + "\nE-mail: " + c.email + "\nUsually located in: " + c.location_state +
                        " (" + c.time_zone + ")";
    b.push_back({Style::kText, about});
  }
  std::vector<practice::Diagnosis> diagnoses;
  for (const auto& d : c.diagnoses)
    if (sections.part2 || !d.part2) diagnoses.push_back(d);
  if (sections.diagnoses && !diagnoses.empty()) {
    counted("diagnoses", diagnoses.size());
    std::string dx;
    for (const auto& d : diagnoses) {
      dx += (dx.empty() ? "" : "\n") + d.code + " " + d.description + (d.primary ? " (primary)" : "");
      part2 += d.part2 ? 1 : 0;
    }
    b.push_back({Style::kSubheading, "Diagnoses"});
    b.push_back({Style::kText, dx});
  }

  if (sections.visits) {
    // Visits of the last six years and the year ahead, read in the calendar's 90-day windows.
    std::vector<scheduling::Appointment> visits;
    for (EpochSeconds from = now - 6LL * 366 * 86400; from < now + 366 * 86400; from += 90 * 86400) {
      auto part = scheduling_.ListAppointments(who, std::nullopt, client_id, from, from + 90 * 86400, origin);
      if (!part) return tl::unexpected(part.error());
      visits.insert(visits.end(), part->begin(), part->end());
    }
    counted("visits", visits.size());
    b.push_back({Style::kHeading, "Visits"});
    if (visits.empty()) b.push_back({Style::kText, "None."});
    std::string lines;
    for (const auto& a : visits)
      lines += (lines.empty() ? "" : "\n") + FormatTimestampIn(a.start, a.time_zone) + " · " +
               std::string(scheduling::VisitModeName(a.mode)) + " · " + a.status;
    if (!lines.empty()) b.push_back({Style::kText, lines});
  }

  // Questionnaire results: their own section, and named (not by id) where a note embeds them.
  std::vector<measures::Response> results;
  if (sections.notes || sections.measures) {
    auto r = measures_.Results(who, client_id, origin);
    if (!r) return tl::unexpected(r.error());
    results = std::move(*r);
  }
  auto result_text = [&](const measures::Response& r) {
    return FormatTimestamp(r.completed_at) + " · " + r.instrument + " · total " + std::to_string(r.score.total) + " (" +
           r.score.band + ")";
  };

  if (sections.notes) {
    auto notes = records_.RecordNotes(who, client_id, origin);  // never psychotherapy notes
    if (!notes) return tl::unexpected(notes.error());
    b.push_back({Style::kHeading, "Notes"});
    std::map<std::string, Result<records::Template>> templates;  // by key@version: most notes share a few
    int shown = 0;
    for (auto it = notes->rbegin(); it != notes->rend(); ++it) {
      if (it->part2 && !sections.part2) continue;  // Part 2: only under a consent that names it
      part2 += it->part2 ? 1 : 0;
      auto view = records_.GetNote(who, it->id, origin);
      if (!view) return tl::unexpected(view.error());
      const auto& n = view->note;
      const std::string tkey = n.template_key + "@" + std::to_string(n.template_version);
      if (!templates.count(tkey))
        templates.emplace(tkey, records_.GetTemplate(who, n.template_key, n.template_version));
      const auto& t = templates.at(tkey);  // the version it was written with
      ++shown;
      b.push_back({Style::kSubheading,
                   (t ? t->name : n.template_key) + " — " + FormatTimestamp(n.created_at) + " — " + n.author_name +
                       (n.signature ? ", signed " + FormatTimestamp(n.signature->at) : ", draft (not signed)")});
      json visit = json::parse(n.visit_json, nullptr, false);
      if (visit.is_object() && visit.contains("date")) {
        std::string facts;
        for (const auto& [k, v] : visit.items())
          if (!v.is_null()) facts += (facts.empty() ? "" : " · ") + k + ": " + ValueText(v);
        b.push_back({Style::kSmall, facts});
      }
      json content = json::parse(n.content_json, nullptr, false);
      if (t && content.is_object())
        for (const auto& s : t->sections)
          for (const auto& f : s.fields) {
            std::string key = s.id + "." + f.id;
            if (!content.contains(key)) continue;
            std::string text;
            if (f.type == records::FieldType::kMeasure) {
              for (const auto& id : content[key])
                for (const auto& r : results)
                  if (id.is_string() && r.id == id.get<std::string>())
                    text += (text.empty() ? "" : "; ") + result_text(r);
            } else {
              text = ValueText(content[key]);
            }
            b.push_back({Style::kText, f.label + ": " + text});
          }
      for (const auto& a : view->addenda)
        b.push_back(
            {Style::kText, "Addendum (" + a.author_name + ", " + FormatTimestamp(a.created_at) + "): " + a.text});
      if (n.signature)
        b.push_back({Style::kSmall, "Signature " + n.signature->name + " · content hash " + n.signature->hash});
    }
    if (shown == 0) b.push_back({Style::kText, "None."});
    counted("notes", static_cast<std::size_t>(shown));
  }

  if (sections.plan) {
    auto plan = plans_.Versions(who, client_id, origin);
    if (!plan) return tl::unexpected(plan.error());
    b.push_back({Style::kHeading, "Plan of care"});
    if (plan->empty()) parts.push_back("plan of care (none)");
    if (plan->empty())
      b.push_back({Style::kText, "None."});
    else {
      const auto& v = plan->front();
      parts.push_back("plan of care (version " + std::to_string(v.version) + ")");
      json p = json::parse(v.plan_json, nullptr, false);
      std::string text =
          "Version " + std::to_string(v.version) + " of " + FormatTimestamp(v.created_at) + " by " + v.author_name;
      for (const auto& pr : p.value("problems", json::array())) text += "\nProblem: " + pr.value("text", "");
      for (const auto& g : p.value("goals", json::array())) {
        text += "\nGoal: " + g.value("text", "");
        for (const auto& o : g.value("objectives", json::array()))
          text += "\n  Objective: " + o.value("text", "") + " (" + o.value("measure", "") + " from " +
                  o.value("baseline", "") + " to " + o.value("target", "") + " by " + o.value("target_date", "") + ")";
      }
      text += "\nFrequency: " + p.value("frequency", "") +
              (p.value("mode_mix", "").empty() ? "" : ", " + p.value("mode_mix", ""));
      b.push_back({Style::kText, text});
    }
  }

  if (sections.measures) {
    b.push_back({Style::kHeading, "Measures"});
    std::string m;
    for (const auto& r : results) m += (m.empty() ? "" : "\n") + result_text(r);
    b.push_back({Style::kText, m.empty() ? "None." : m});
    auto observed = measures_.Observations(who, client_id, origin);
    if (!observed) return tl::unexpected(observed.error());
    std::map<std::string, const measures::ObservationType*> types;
    for (const auto& t : measures_.ObservationTypes()) types[t.code] = &t;
    std::string o;
    counted("questionnaire results", results.size());
    std::size_t observations = 0;
    for (const auto& x : observed->observations) {
      if (x.voided_at) continue;  // entered in error
      ++observations;
      const auto* t = types.count(x.code) ? types[x.code] : nullptr;
      std::string value = x.grade.empty() ? ValueText(json(x.value)) + " " + (t ? t->unit : "") : "grade " + x.grade;
      o += (o.empty() ? "" : "\n") + FormatDate(x.observed_on) + " · " + (t ? t->name : x.code) +
           (x.side.empty() ? "" : ", " + x.side) + " · " + value + (x.comment.empty() ? "" : " — " + x.comment);
    }
    counted("objective measures", observations);
    if (!o.empty()) {
      b.push_back({Style::kSubheading, "Objective measures"});
      b.push_back({Style::kText, o});
    }
  }

  if (sections.documents) {
    auto docs = documents_.List(who, client_id, origin);
    if (!docs) return tl::unexpected(docs.error());
    if (!sections.part2) std::erase_if(*docs, [](const documents::Document& d) { return d.part2; });
    for (const auto& d : *docs) part2 += d.part2 ? 1 : 0;
    counted("documents", docs->size());
    b.push_back({Style::kHeading, "Documents and consents"});
    std::string d;
    for (const auto& x : *docs)
      d += (d.empty() ? "" : "\n") + x.title + (x.category.empty() ? "" : " · " + x.category) +
           (x.signed_at ? " — signed by " + x.signed_name + " on " + FormatTimestamp(*x.signed_at) : "") + " (" +
           x.content_type + ")";
    b.push_back({Style::kText, d.empty() ? "None." : d});
  }

  if (part2 > 0) {
    counted("Part 2 records", static_cast<std::size_t>(part2));
    if (sections.part2_notice) {
      const std::vector<Block> notice = {{Style::kSubheading, "Notice: substance use disorder records (42 CFR Part 2)"},
                                         {Style::kText, kPart2Notice}};
      b.insert(b.begin() + static_cast<std::ptrdiff_t>(notice_at), notice.begin(), notice.end());
    }
  }
  if (part2_included) *part2_included = part2;
  if (included) {
    included->clear();
    for (const auto& p : parts) *included += (included->empty() ? "" : ", ") + p;
  }
  return pdf::Render(b, "Health record of " + c.given_name + " " + c.family_name + " · confidential");
}

Result<RecordRequest> Service::RequestRecord(const Principal& client, const std::string& client_id,
                                             const Origin& origin) {
  RecordRequest r;
  r.id = crypto::NewId();
  r.client_id = client_id;
  r.requested_at = clock_.Now();
  r.due_at = DueAt(r.requested_at);
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    auto added = store::InsertRequest(c, client.practice_id, r, client.user_id);
    if (!added) return tl::unexpected(added.error());
    if (!*added) return Fail(ErrorCode::kConflict, "Your request is already with the practice.");
    return audit::Append(
        c,
        audit::ByPrincipal(client, "record.request", "record_request", r.id, origin.ip, origin.request_id, client_id),
        r.requested_at);
  });
  if (!st) return tl::unexpected(st.error());
  return r;
}

Result<std::vector<RecordRequest>> Service::RequestsOf(const std::string& practice_id, const std::string& client_id) {
  auto list = db_.Read([&](db::Connection& c) { return store::ListRequests(c, practice_id, client_id); });
  if (!list) return tl::unexpected(list.error());
  const EpochSeconds now = clock_.Now();
  for (auto& r : *list) r.overdue = IsOverdue(r, now);
  return list;
}

Result<std::vector<RecordRequest>> Service::OpenRequests(const Principal& who) {
  auto list = db_.Read([&](db::Connection& c) { return store::ListRequests(c, who.practice_id, ""); });
  if (!list) return tl::unexpected(list.error());
  std::vector<std::string> ids;
  for (const auto& r : *list) ids.push_back(r.client_id);
  auto charts = directory_.FullChartsAmong(who, ids);
  if (!charts) return tl::unexpected(charts.error());
  auto names = directory_.ClientNames(who.practice_id, ids);
  if (!names) return tl::unexpected(names.error());
  const EpochSeconds now = clock_.Now();
  std::vector<RecordRequest> out;
  for (auto& r : *list) {
    if (!charts->contains(r.client_id)) continue;
    r.client_name = (*names)[r.client_id];
    r.overdue = IsOverdue(r, now);
    out.push_back(std::move(r));
  }
  return out;
}

Result<RecordRequest> Service::Deliver(const Principal& who, const std::string& request_id, const Origin& origin) {
  auto found = db_.Read([&](db::Connection& c) { return store::FindRequest(c, who.practice_id, request_id); });
  if (!found) return tl::unexpected(found.error());
  if (!*found) return Fail(ErrorCode::kNotFound, "No such request.");
  RecordRequest r = **found;
  if (auto ok = directory_.MayReadChart(who, r.client_id); !ok) return Fail(ErrorCode::kNotFound, "No such request.");
  if (r.status != "open") return FailRule("delivered", "This record was already delivered.");
  auto pdf = RecordPdf(who, r.client_id, origin);
  if (!pdf) return tl::unexpected(pdf.error());
  documents::Upload upload;
  upload.title = "Your record (requested " + FormatDate(DateOf(r.requested_at)) + ")";
  upload.category = "correspondence";
  upload.document_date = DateOf(clock_.Now());
  upload.data = std::move(*pdf);
  auto doc = documents_.AddShared(who, r.client_id, upload, origin);
  if (!doc) return tl::unexpected(doc.error());
  const EpochSeconds now = clock_.Now();
  auto st = db_.WithWrite([&](db::Connection& c) -> Status {
    auto done = store::MarkDelivered(c, who.practice_id, request_id, doc->id, who.user_id, now);
    if (!done) return tl::unexpected(done.error());
    if (!*done) return FailRule("delivered", "This record was already delivered.");
    return audit::Append(c,
                         audit::ByPrincipal(who, "record.deliver", "record_request", request_id, origin.ip,
                                            origin.request_id, r.client_id),
                         now);
  });
  if (!st) return tl::unexpected(st.error());
  r.status = "delivered";
  r.document_id = doc->id;
  r.delivered_at = now;
  return r;
}

}  // namespace duet::access
