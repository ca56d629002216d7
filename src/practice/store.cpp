#include "practice/store.hpp"

#include <unordered_map>

#include <nlohmann/json.hpp>

#include <algorithm>

#include "platform/crypto.hpp"
#include "platform/db/columns.hpp"
#include "practice/codecs.hpp"
#include "practice/rules.hpp"

namespace duet::practice::store {
namespace {
using nlohmann::json;

using db::Done;

using db::Col;

// The tables' columns, named once: the SELECT lists, the row readers, the INSERTs and the UPDATEs
// below all come from these (platform/db/columns.hpp). JSON columns (address, guardians, emergency
// contact, insurance) are in their codecs' form.
const auto kClinicians = db::Table<Clinician>(
    "clinicians", Col("id", &Clinician::id, {.editable = false}),
    Col("practice_id", &Clinician::practice_id, {.editable = false}),
    Col("user_id", &Clinician::user_id, {.null_when_empty = true, .editable = false}),
    Col("given_name", &Clinician::given_name), Col("family_name", &Clinician::family_name),
    Col("discipline", &Clinician::discipline), Col("credentials", &Clinician::credentials), Col("npi", &Clinician::npi),
    Col("taxonomy_code", &Clinician::taxonomy_code), Col("home_state", &Clinician::home_state),
    Col("time_zone", &Clinician::time_zone), Col("email", &Clinician::email),
    Col("supervisor_user_id", &Clinician::supervisor_user_id, {.null_when_empty = true}),
    Col("active", &Clinician::active), Col("created_at", &Clinician::created_at, {.editable = false}),
    Col("updated_at", &Clinician::updated_at), db::Version(&Clinician::version));

// practice_id and created_at are written beside these (InsertLicense) and never read back.
const auto kLicenses = db::Table<License>(
    "licenses", Col("id", &License::id), Col("clinician_id", &License::clinician_id), Col("kind", &License::kind),
    Col("state", &License::state), Col("compact", &License::compact, {.null_when_empty = true}),
    Col("license_type", &License::license_type), Col("number", &License::number), Col("issued_on", &License::issued_on),
    Col("expires_on", &License::expires_on), Col("status", &License::status));

// Diagnoses are sealed at rest when the practice has a key: the service seals and opens them, the
// store carries the sealed text as it is.
void ReadDiagnoses(const db::Cells& r, std::size_t i, Client& c) {
  if (std::string dx = r.Text(i); dx.starts_with(crypto::kSealedField))
    c.diagnoses_sealed = std::move(dx);
  else
    c.diagnoses = ParseDiagnoses(dx);
}
db::Value WriteDiagnoses(const Client& k) {
  return k.diagnoses_sealed.empty() ? DiagnosesJson(k.diagnoses) : k.diagnoses_sealed;
}

const auto kClients = db::Table<Client>(
    "clients", Col("id", &Client::id, {.editable = false}),
    Col("practice_id", &Client::practice_id, {.editable = false}),
    Col("user_id", &Client::user_id, {.null_when_empty = true, .editable = false}),
    Col("given_name", &Client::given_name), Col("family_name", &Client::family_name),
    Col("preferred_name", &Client::preferred_name), Col("pronouns", &Client::pronouns),
    Col("birth_date", &Client::birth_date), Col("email", &Client::email), Col("phone", &Client::phone),
    // the phone's digits reversed: searching by the end of a number is a prefix search
    db::Custom<Client>(
        "phone_rev", [](const db::Cells&, std::size_t, Client&) {},
        [](const Client& k) { return db::Value(ReversedDigits(k.phone)); }),
    Col("preferred_channel", &Client::preferred_channel), Col("language", &Client::language),
    Col("address", &Client::address), Col("location_state", &Client::location_state),
    Col("time_zone", &Client::time_zone), Col("guardians", &Client::guardians),
    Col("emergency_contact", &Client::emergency_contact), Col("insurance", &Client::insurance),
    Col("insurance_status", &Client::insurance_status), Col("sliding_fee_percent", &Client::sliding_fee_percent),
    db::Custom<Client>("diagnoses", ReadDiagnoses, WriteDiagnoses), Col("status", &Client::status),
    Col("created_at", &Client::created_at, {.editable = false}), Col("updated_at", &Client::updated_at),
    db::Version(&Client::version));

const std::string kClinicianSelect = kClinicians.Select();
const std::string kClientSelect = kClients.Select("c.");

//! A care team member (`cc`) whose dates include today (two parameters: today, today). Unset dates are '':
//! the empty string sorts before every date, so an unset first day is always reached.
std::string ActiveMember() { return "(cc.starts_on <= ? AND (cc.ends_on = '' OR cc.ends_on >= ?))"; }

Clinician ClinicianFrom(const db::Row& r, std::size_t o = 0) { return kClinicians.Read(r, o); }
Clinician ClinicianFrom(const db::Cells& r) { return kClinicians.Read(r); }
Client ClientFrom(const db::Row& r) { return kClients.Read(r); }

//! The client record's clinicians are the care team's members today. Saving the record with a list keeps the
//! team's roles and dates: a listed clinician not on the team joins today (in the part their discipline
//! suggests), one whose membership ended rejoins, and a member today left out of the list leaves (ends
//! yesterday; removed outright when they joined today, a slip of the hand).
Status MergeClinicianIds(db::Connection& c, const Client& client) {
  const Date today = DateOf(client.updated_at ? client.updated_at : client.created_at);
  const std::string day = FormatDate(today), yesterday = FormatDate(today - date::days{1});
  auto rows = c.Query(
      "SELECT cc.clinician_id, cc.team_role, cc.starts_on, cc.ends_on, k.discipline FROM client_clinicians cc JOIN "
      "clinicians k ON k.practice_id = cc.practice_id AND k.id = cc.clinician_id WHERE cc.practice_id = ? AND "
      "cc.client_id = ?",
      {client.practice_id, client.id});
  if (!rows) return tl::unexpected(rows.error());
  bool has_primary = false;
  std::unordered_map<std::string, std::pair<std::string, std::string>> dates;  // clinician → (starts_on, ends_on)
  for (const auto& r : *rows) {
    dates[r.Text(0)] = {r.Text(2), r.Text(3)};
    bool active = r.Text(2) <= day && (r.Text(3).empty() || r.Text(3) >= day);
    if (active && r.Text(1) == "primary") has_primary = true;
  }
  auto listed = [&](const std::string& id) {
    return std::find(client.clinician_ids.begin(), client.clinician_ids.end(), id) != client.clinician_ids.end();
  };
  for (const auto& [id, when] : dates) {
    const auto& [starts, ends] = when;
    bool active = starts <= day && (ends.empty() || ends >= day);
    Result<std::int64_t> r = 0;
    if (listed(id) && !ends.empty() && ends < day)
      r = c.Exec(
          "UPDATE client_clinicians SET ends_on = '', starts_on = ? WHERE practice_id = ? AND client_id = ? AND "
          "clinician_id = ?",
          {day, client.practice_id, client.id, id});
    else if (!listed(id) && active && starts == day)
      r = c.Exec("DELETE FROM client_clinicians WHERE practice_id = ? AND client_id = ? AND clinician_id = ?",
                 {client.practice_id, client.id, id});
    else if (!listed(id) && active)
      r = c.Exec(
          "UPDATE client_clinicians SET ends_on = ? WHERE practice_id = ? AND client_id = ? AND clinician_id = ?",
          {yesterday, client.practice_id, client.id, id});
    if (!r) return tl::unexpected(r.error());
  }
  for (const auto& id : client.clinician_ids) {
    if (dates.count(id)) continue;
    auto k = c.Query("SELECT discipline FROM clinicians WHERE practice_id = ? AND id = ?", {client.practice_id, id});
    if (!k) return tl::unexpected(k.error());
    if (k->empty()) continue;  // the service checked the ids; a clinician removed meanwhile is not a member
    auto discipline = ParseName<Discipline>(k->front().Text(0)).value_or(Discipline::kCounseling);
    TeamRole role = DefaultTeamRole(discipline, has_primary);
    has_primary = has_primary || role == TeamRole::kPrimary;
    if (auto r = c.Exec("INSERT INTO client_clinicians (practice_id, client_id, clinician_id, team_role, starts_on, "
                        "ends_on) VALUES "
                        "(?, ?, ?, ?, ?, '') ON CONFLICT DO NOTHING",
                        {client.practice_id, client.id, id, std::string(NameOf(role)), day});
        !r)
      return tl::unexpected(r.error());
  }
  return {};
}

Status WriteClientIndexes(db::Connection& c, const Client& client) {
  if (auto r =
          c.Exec("DELETE FROM client_search WHERE practice_id = ? AND client_id = ?", {client.practice_id, client.id});
      !r)
    return tl::unexpected(r.error());
  for (const auto& token : SearchTokens(client))
    if (auto r =
            c.Exec("INSERT INTO client_search (practice_id, token, client_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                   {client.practice_id, token, client.id});
        !r)
      return tl::unexpected(r.error());
  return MergeClinicianIds(c, client);
}

// The smallest string greater than every string starting with prefix (bytewise).
std::string PrefixEnd(std::string prefix) {
  while (!prefix.empty()) {
    unsigned char last = static_cast<unsigned char>(prefix.back());
    if (last < 0xff) {
      prefix.back() = static_cast<char>(last + 1);
      return prefix;
    }
    prefix.pop_back();
  }
  return "\xff";
}

// A client with their care team today in one statement: the members' ids, comma-separated, after the client's
// columns. Its first two parameters are today's date, twice.
const std::string& ClientWithTeamSelect(db::Engine engine) {
  auto make = [](std::string_view aggregate) {
    return "SELECT " + kClientSelect + ", (SELECT " + std::string(aggregate) +
           "(cc.clinician_id, ',') FROM client_clinicians cc WHERE cc.practice_id = c.practice_id AND cc.client_id = "
           "c.id AND " +
           ActiveMember() + ") FROM clients c ";
  };
  static const std::string sqlite = make("group_concat"), postgres = make("string_agg");
  return engine == db::Engine::kPostgres ? postgres : sqlite;
}

Client ClientWithTeamFrom(const db::Cells& r) {
  Client client = kClients.Read(r);
  const std::string all = r.Text(kClients.size());
  std::string_view ids = all;
  while (!ids.empty()) {
    const auto comma = ids.find(',');
    client.clinician_ids.emplace_back(ids.substr(0, comma));
    ids = comma == std::string_view::npos ? std::string_view() : ids.substr(comma + 1);
  }
  std::sort(client.clinician_ids.begin(), client.clinician_ids.end());
  return client;
}
}  // namespace

Status InsertClinician(db::Connection& c, const Clinician& k) {
  Clinician row = k;
  row.updated_at = k.created_at;
  return Done(c.Exec(kClinicians.Insert(), kClinicians.InsertValues(row)));
}

Result<bool> UpdateClinician(db::Connection& c, const Clinician& k, EpochSeconds now) {
  // Every editable column; version guards against lost updates.
  Clinician row = k;
  row.updated_at = now;
  auto r = c.Exec(kClinicians.Update("practice_id = ? AND id = ? AND version = ?"),
                  kClinicians.UpdateValues(row, {k.practice_id, k.id, k.version - 1}));
  if (!r) return tl::unexpected(r.error());
  return *r == 1;
}

db::Read ReadClinician(const std::string& practice_id, const std::string& id, std::optional<Clinician>& out) {
  static const std::string sql = "SELECT " + kClinicianSelect + " FROM clinicians WHERE practice_id = ? AND id = ?";
  return {sql, {practice_id, id}, [&out](const db::Cells& r) { out = ClinicianFrom(r); }};
}

Result<std::optional<Clinician>> FindClinician(db::Connection& c, const std::string& practice_id,
                                               const std::string& id) {
  std::optional<Clinician> out;
  const db::Read read[] = {ReadClinician(practice_id, id, out)};
  if (auto st = c.EachOf(read); !st) return tl::unexpected(st.error());
  return out;
}

Result<std::optional<Clinician>> FindClinicianByUser(db::Connection& c, const std::string& practice_id,
                                                     const std::string& user_id) {
  auto rows = c.Query("SELECT " + kClinicianSelect + " FROM clinicians WHERE practice_id = ? AND user_id = ?",
                      {practice_id, user_id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<Clinician>();
  return ClinicianFrom(rows->front());
}

Result<std::vector<Clinician>> ListClinicians(db::Connection& c, const std::string& practice_id) {
  auto rows = c.Query(
      "SELECT " + kClinicianSelect + " FROM clinicians WHERE practice_id = ? ORDER BY family_name, given_name, id",
      {practice_id});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<Clinician> out;
  for (const auto& r : *rows) out.push_back(ClinicianFrom(r));
  return out;
}

Status InsertLicense(db::Connection& c, const std::string& practice_id, const License& l, EpochSeconds now) {
  return Done(c.Exec(kLicenses.Insert({"practice_id", "created_at"}), kLicenses.InsertValues(l, {practice_id, now})));
}

Result<std::int64_t> DeleteLicense(db::Connection& c, const std::string& practice_id, const std::string& clinician_id,
                                   const std::string& id) {
  return c.Exec("DELETE FROM licenses WHERE practice_id = ? AND clinician_id = ? AND id = ?",
                {practice_id, clinician_id, id});
}

db::Read ReadLicenses(const std::string& practice_id, const std::string& clinician_id, std::vector<License>& out) {
  static const std::string sql =
      "SELECT " + kLicenses.Select("l.") +
      " FROM licenses l WHERE l.practice_id = ? AND l.clinician_id = ? ORDER BY l.kind, l.state, l.expires_on";
  return {sql, {practice_id, clinician_id}, [&out](const db::Cells& r) { out.push_back(kLicenses.Read(r)); }};
}

Result<std::vector<License>> ListLicenses(db::Connection& c, const std::string& practice_id,
                                          const std::string& clinician_id) {
  std::vector<License> out;
  const db::Read read[] = {ReadLicenses(practice_id, clinician_id, out)};
  if (auto st = c.EachOf(read); !st) return tl::unexpected(st.error());
  return out;
}

namespace {
Result<std::vector<std::pair<License, Clinician>>> Expiring(db::Connection& c,
                                                            const std::optional<std::string>& practice_id, Date from,
                                                            Date to) {
  std::string sql = "SELECT " + kLicenses.Select("l.") + ", " + kClinicians.Select("k.") +
                    " FROM licenses l JOIN clinicians k ON k.id = l.clinician_id"
                    " WHERE l.expires_on >= ? AND l.expires_on <= ? AND l.status = 'active'" +
                    std::string(practice_id ? " AND l.practice_id = ?" : "") + " ORDER BY l.expires_on, l.state";
  auto rows = practice_id ? c.Query(sql, {FormatDate(from), FormatDate(to), *practice_id})
                          : c.Query(sql, {FormatDate(from), FormatDate(to)});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<std::pair<License, Clinician>> out;
  for (const auto& r : *rows) out.emplace_back(kLicenses.Read(r), kClinicians.Read(r, kLicenses.size()));
  return out;
}
}  // namespace

Result<std::vector<std::pair<License, Clinician>>> ListExpiring(db::Connection& c, const std::string& practice_id,
                                                                Date from, Date to) {
  return Expiring(c, practice_id, from, to);
}

Result<std::vector<std::pair<License, Clinician>>> ListExpiringAllPractices(db::Connection& c, Date from, Date to) {
  return Expiring(c, std::nullopt, from, to);
}

Result<bool> NoticeSent(db::Connection& c, const std::string& license_id, int step) {
  auto rows = c.Query("SELECT 1 FROM license_notices WHERE license_id = ? AND step = ?",
                      {license_id, static_cast<std::int64_t>(step)});
  if (!rows) return tl::unexpected(rows.error());
  return !rows->empty();
}

Result<bool> RecordNotice(db::Connection& c, const std::string& practice_id, const std::string& license_id, int step,
                          EpochSeconds now) {
  auto n = c.Exec(
      "INSERT INTO license_notices (practice_id, license_id, step, sent_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
      {practice_id, license_id, static_cast<std::int64_t>(step), now});
  if (!n) return tl::unexpected(n.error());
  return *n == 1;
}

Status InsertFacilityCredential(db::Connection& c, const std::string& practice_id, const FacilityCredential& f,
                                EpochSeconds now) {
  return Done(c.Exec(
      "INSERT INTO facility_credentials (id, practice_id, clinician_id, facility, valid_from, valid_to, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?)",
      {f.id, practice_id, f.clinician_id, f.facility, FormatDate(f.valid_from), FormatDate(f.valid_to), now}));
}

Result<std::int64_t> DeleteFacilityCredential(db::Connection& c, const std::string& practice_id,
                                              const std::string& clinician_id, const std::string& id) {
  return c.Exec("DELETE FROM facility_credentials WHERE practice_id = ? AND clinician_id = ? AND id = ?",
                {practice_id, clinician_id, id});
}

Result<std::vector<FacilityCredential>> ListFacilityCredentials(db::Connection& c, const std::string& practice_id,
                                                                const std::string& clinician_id) {
  auto rows = c.Query(
      "SELECT id, clinician_id, facility, valid_from, valid_to FROM facility_credentials "
      "WHERE practice_id = ? AND clinician_id = ? ORDER BY valid_to DESC",
      {practice_id, clinician_id});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<FacilityCredential> out;
  for (const auto& r : *rows)
    out.push_back({r.Text(0), r.Text(1), r.Text(2), ParseDate(r.Text(3)).value_or(Date{}),
                   ParseDate(r.Text(4)).value_or(Date{})});
  return out;
}

db::Read ReadCompactOverrides(const std::string& practice_id, std::vector<CompactState>& out) {
  return {"SELECT compact, state, status, operational_on, source, as_of FROM compact_states WHERE practice_id = ?",
          {practice_id},
          [&out](const db::Cells& r) {
            out.push_back({r.Text(0), r.Text(1), r.Text(2), r.IsNull(3) ? std::nullopt : ParseDate(r.View(3)),
                           r.Text(4), r.Text(5)});
          }};
}

Result<std::vector<CompactState>> ListCompactOverrides(db::Connection& c, const std::string& practice_id) {
  std::vector<CompactState> out;
  const db::Read read[] = {ReadCompactOverrides(practice_id, out)};
  if (auto st = c.EachOf(read); !st) return tl::unexpected(st.error());
  return out;
}

Status UpsertCompactOverride(db::Connection& c, const std::string& practice_id, const CompactState& s,
                             const std::string& user_id, EpochSeconds now) {
  return Done(c.Exec(
      "INSERT INTO compact_states (practice_id, compact, state, status, operational_on, source, as_of, updated_by, "
      "updated_at) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (practice_id, compact, state) DO UPDATE SET status = "
      "excluded.status, "
      "operational_on = excluded.operational_on, source = excluded.source, as_of = excluded.as_of, updated_by = "
      "excluded.updated_by, "
      "updated_at = excluded.updated_at",
      {practice_id, s.compact, s.state, s.status,
       s.operational_on ? db::Value(FormatDate(*s.operational_on)) : db::Value(), s.source, s.as_of, user_id, now}));
}

Status InsertClient(db::Connection& c, const Client& k) {
  auto r = c.Exec(kClients.Insert(), kClients.InsertValues(k));
  if (!r) return tl::unexpected(r.error());
  return WriteClientIndexes(c, k);
}

Status SyncAccountLanguage(db::Connection& c, const std::string& practice_id, const std::string& client_id,
                           const std::string& language) {
  return Done(c.Exec(
      "UPDATE users SET language = ? WHERE practice_id = ? AND id = (SELECT user_id FROM clients WHERE practice_id = ? "
      "AND id = ?)",
      {language, practice_id, practice_id, client_id}));
}

Result<bool> UpdateClient(db::Connection& c, const Client& k) {
  auto r = c.Exec(kClients.Update("practice_id = ? AND id = ? AND version = ?"),
                  kClients.UpdateValues(k, {k.practice_id, k.id, k.version - 1}));
  if (!r) return tl::unexpected(r.error());
  if (*r != 1) return false;
  if (auto st = WriteClientIndexes(c, k); !st) return tl::unexpected(st.error());
  return true;
}

Result<std::optional<Client>> FindClient(db::Connection& c, const std::string& practice_id, const std::string& id,
                                         Date today) {
  std::vector<Client> out;
  const db::Read read[] = {ReadClientWithTeam(c.engine(), practice_id, id, today, out)};
  if (auto st = c.EachOf(read); !st) return tl::unexpected(st.error());
  if (out.empty()) return std::optional<Client>();
  return std::move(out.front());
}

db::Read ReadClientWithTeam(db::Engine engine, const std::string& practice_id, const std::string& id, Date today,
                            std::vector<Client>& out) {
  const std::string day = FormatDate(today);
  return {ClientWithTeamSelect(engine) + "WHERE c.practice_id = ? AND c.id = ?",
          {day, day, practice_id, id},
          [&out](const db::Cells& r) { out.push_back(ClientWithTeamFrom(r)); }};
}

Result<std::vector<std::pair<std::string, std::string>>> ClientsOfClinicianIn(db::Connection& c,
                                                                              const std::string& practice_id,
                                                                              const std::string& clinician_id,
                                                                              const std::string& state, Date today) {
  const std::string day = FormatDate(today);
  auto rows = c.Query(
      "SELECT c.id, c.given_name, c.family_name FROM clients c JOIN client_clinicians cc ON cc.practice_id = "
      "c.practice_id AND cc.client_id = c.id "
      "WHERE c.practice_id = ? AND cc.clinician_id = ? AND c.location_state = ? AND c.status = 'active' AND " +
          ActiveMember() + " ORDER BY c.family_name, c.given_name, c.id LIMIT 200",
      {practice_id, clinician_id, state, day, day});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& r : *rows) out.emplace_back(r.Text(0), r.Text(1) + " " + r.Text(2));
  return out;
}

Result<std::optional<Client>> FindClientByUser(db::Connection& c, const std::string& practice_id,
                                               const std::string& user_id, Date today) {
  const std::string day = FormatDate(today);
  auto rows =
      c.Query(ClientWithTeamSelect(c.engine()) + "WHERE c.practice_id = ? AND c.user_id = ? ORDER BY c.id LIMIT 1",
              {day, day, practice_id, user_id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<Client>();
  return ClientWithTeamFrom(db::RowCells(rows->front()));
}

Result<std::vector<Client>> SearchClients(db::Connection& c, const std::string& practice_id, const ClientQuery& query) {
  // The longest word is usually the most selective: let it drive.
  ClientQuery q = query;
  std::stable_sort(q.token_prefixes.begin(), q.token_prefixes.end(),
                   [](const auto& a, const auto& b) { return a.size() > b.size(); });
  std::string sql = "SELECT " + kClientSelect;
  std::vector<db::Value> params;
  if (!q.token_prefixes.empty()) {
    // Drive the search from the first word's matches (CROSS JOIN fixes the join order in SQLite;
    // PostgreSQL plans it as an ordinary join). The other words filter those few rows.
    sql +=
        " FROM (SELECT DISTINCT client_id FROM client_search WHERE practice_id = ? AND token >= ? AND token < ?) s"
        " CROSS JOIN clients c WHERE c.id = s.client_id AND c.practice_id = ?";
    params = {practice_id, q.token_prefixes.front(), PrefixEnd(q.token_prefixes.front()), practice_id};
  } else {
    sql += " FROM clients c WHERE c.practice_id = ?";
    params = {practice_id};
  }
  for (std::size_t i = 1; i < q.token_prefixes.size(); ++i) {
    const auto& prefix = q.token_prefixes[i];
    sql += " AND c.id IN (SELECT client_id FROM client_search WHERE practice_id = ? AND token >= ? AND token < ?)";
    params.insert(params.end(), {practice_id, prefix, PrefixEnd(prefix)});
  }
  if (q.birth_date) {
    sql += " AND c.birth_date = ?";
    params.emplace_back(*q.birth_date);
  }
  if (q.phone_suffix_reversed) {
    sql += " AND c.phone_rev >= ? AND c.phone_rev < ?";
    params.insert(params.end(), {*q.phone_suffix_reversed, PrefixEnd(*q.phone_suffix_reversed)});
  }
  if (q.assigned_to_clinician) {
    sql +=
        " AND c.id IN (SELECT cc.client_id FROM client_clinicians cc WHERE cc.practice_id = ? AND cc.clinician_id = "
        "? AND " +
        ActiveMember() + ")";
    params.insert(params.end(), {practice_id, *q.assigned_to_clinician, FormatDate(q.today), FormatDate(q.today)});
  }
  if (q.supervised_by_user) {
    // The clients of clinicians this user supervises, and their own (a supervisor may also see clients).
    sql +=
        " AND c.id IN (SELECT cc.client_id FROM client_clinicians cc JOIN clinicians k ON k.id = cc.clinician_id "
        "WHERE cc.practice_id = ? AND (k.supervisor_user_id = ? OR k.user_id = ?) AND " +
        ActiveMember() + ")";
    params.insert(params.end(), {practice_id, *q.supervised_by_user, *q.supervised_by_user, FormatDate(q.today),
                                 FormatDate(q.today)});
  }
  if (q.only_client) {
    sql += " AND c.id = ?";
    params.emplace_back(*q.only_client);
  }
  if (q.status) {
    sql += " AND c.status = ?";
    params.emplace_back(*q.status);
  }
  if (q.after) {
    sql += " AND (c.family_name > ? OR (c.family_name = ? AND (c.given_name > ? OR (c.given_name = ? AND c.id > ?))))";
    const auto& [family, given, id] = *q.after;
    params.insert(params.end(), {family, family, given, given, id});
  }
  // With a filter, sort the (few) matches rather than walk the name index looking for them:
  // `|| ''` keeps either engine from ordering through the index.
  bool filtered = !q.token_prefixes.empty() || q.birth_date || q.phone_suffix_reversed;
  sql += filtered ? " ORDER BY c.family_name || '', c.given_name, c.id LIMIT ?"
                  : " ORDER BY c.family_name, c.given_name, c.id LIMIT ?";
  params.emplace_back(static_cast<std::int64_t>(q.limit));
  auto rows = c.Query(sql, std::span<const db::Value>(params));
  if (!rows) return tl::unexpected(rows.error());
  std::vector<Client> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) out.push_back(ClientFrom(r));
  if (out.empty()) return out;
  // Each client's clinicians, in one query for the page (as the client's own record lists them).
  std::unordered_map<std::string_view, Client*> by_id;
  std::vector<std::string> ids;
  ids.reserve(out.size());
  for (auto& client : out) {
    ids.push_back(client.id);
    by_id[client.id] = &client;
  }
  auto links =
      db::EachIn(c,
                 "SELECT cc.client_id, cc.clinician_id FROM client_clinicians cc WHERE cc.practice_id = ? AND " +
                     ActiveMember() + " AND cc.client_id ",
                 "ORDER BY cc.client_id, cc.clinician_id", {practice_id, FormatDate(q.today), FormatDate(q.today)}, ids,
                 [&by_id](const db::Cells& r) {
                   if (auto it = by_id.find(r.View(0)); it != by_id.end())
                     it->second->clinician_ids.emplace_back(r.View(1));
                 });
  if (!links) return tl::unexpected(links.error());
  return out;
}

Result<bool> IsAssigned(db::Connection& c, const std::string& practice_id, const std::string& client_id,
                        const std::string& clinician_id, Date today) {
  const std::string day = FormatDate(today);
  auto rows = c.Query(
      "SELECT 1 FROM client_clinicians cc WHERE cc.practice_id = ? AND cc.client_id = ? AND cc.clinician_id = ? AND " +
          ActiveMember(),
      {practice_id, client_id, clinician_id, day, day});
  if (!rows) return tl::unexpected(rows.error());
  return !rows->empty();
}

Result<std::vector<std::pair<std::string, ClientRelationship>>> CareRelationships(db::Connection& c,
                                                                                  const std::string& practice_id,
                                                                                  const std::string& user_id,
                                                                                  Date today) {
  // Every client the user's clinician record is on the team of today, or whose such member the user supervises.
  const std::string day = FormatDate(today);
  auto rows = c.Query(
      "SELECT cc.client_id, k.user_id, k.supervisor_user_id FROM client_clinicians cc JOIN clinicians k ON k.id = "
      "cc.clinician_id "
      "WHERE cc.practice_id = ? AND (k.user_id = ? OR k.supervisor_user_id = ?) AND " +
          ActiveMember(),
      {practice_id, user_id, user_id, day, day});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<std::pair<std::string, ClientRelationship>> out;
  for (const auto& r : *rows) {
    ClientRelationship rel;
    rel.assigned_clinician = r.Text(1) == user_id;
    rel.supervises_assigned = r.Text(2) == user_id;
    out.emplace_back(r.Text(0), rel);
  }
  return out;
}

Result<bool> SupervisesAssigned(db::Connection& c, const std::string& practice_id, const std::string& client_id,
                                const std::string& supervisor_user_id, Date today) {
  const std::string day = FormatDate(today);
  auto rows = c.Query(
      "SELECT 1 FROM client_clinicians cc JOIN clinicians k ON k.id = cc.clinician_id "
      "WHERE cc.practice_id = ? AND cc.client_id = ? AND k.supervisor_user_id = ? AND " +
          ActiveMember(),
      {practice_id, client_id, supervisor_user_id, day, day});
  if (!rows) return tl::unexpected(rows.error());
  return !rows->empty();
}

Result<std::vector<CareTeamMember>> ListCareTeam(db::Connection& c, const std::string& practice_id,
                                                 const std::string& client_id, Date today) {
  auto rows = c.Query(
      "SELECT cc.clinician_id, cc.team_role, cc.starts_on, cc.ends_on, k.given_name, k.family_name, k.credentials, "
      "k.discipline FROM client_clinicians cc JOIN clinicians k ON k.practice_id = cc.practice_id AND k.id = "
      "cc.clinician_id WHERE cc.practice_id = ? AND cc.client_id = ? ORDER BY cc.ends_on <> '', cc.starts_on, "
      "k.family_name, k.given_name",
      {practice_id, client_id});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<CareTeamMember> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) {
    CareTeamMember m;
    m.clinician_id = r.Text(0);
    m.role = ParseName<TeamRole>(r.Text(1)).value_or(TeamRole::kPrimary);
    if (!r.Text(2).empty()) m.starts_on = ParseDate(r.Text(2));
    if (!r.Text(3).empty()) m.ends_on = ParseDate(r.Text(3));
    m.name = r.Text(4) + " " + r.Text(5) + (r.Text(6).empty() ? "" : ", " + r.Text(6));
    m.discipline = ParseName<Discipline>(r.Text(7)).value_or(Discipline::kCounseling);
    m.active = IsActiveMember(m, today);
    out.push_back(std::move(m));
  }
  return out;
}

Status ReplaceCareTeam(db::Connection& c, const std::string& practice_id, const std::string& client_id,
                       const std::vector<CareTeamMember>& members) {
  if (auto r =
          c.Exec("DELETE FROM client_clinicians WHERE practice_id = ? AND client_id = ?", {practice_id, client_id});
      !r)
    return tl::unexpected(r.error());
  for (const auto& m : members)
    if (auto r = c.Exec("INSERT INTO client_clinicians (practice_id, client_id, clinician_id, team_role, starts_on, "
                        "ends_on) VALUES "
                        "(?, ?, ?, ?, ?, ?)",
                        {practice_id, client_id, m.clinician_id, std::string(NameOf(m.role)),
                         m.starts_on ? FormatDate(*m.starts_on) : std::string(),
                         m.ends_on ? FormatDate(*m.ends_on) : std::string()});
        !r)
      return tl::unexpected(r.error());
  return {};
}

Result<bool> BumpClientVersion(db::Connection& c, const std::string& practice_id, const std::string& client_id,
                               std::int64_t version, EpochSeconds now) {
  auto r = c.Exec(
      "UPDATE clients SET version = version + 1, updated_at = ? WHERE practice_id = ? AND id = ? AND version = ?",
      {now, practice_id, client_id, version});
  if (!r) return tl::unexpected(r.error());
  return *r == 1;
}

Result<std::optional<Role>> ActiveUserRole(db::Connection& c, const std::string& practice_id,
                                           const std::string& user_id) {
  auto rows =
      c.Query("SELECT role FROM users WHERE practice_id = ? AND id = ? AND disabled = 0", {practice_id, user_id});
  if (!rows) return tl::unexpected(rows.error());
  if (rows->empty()) return std::optional<Role>();
  return ParseRole(rows->front().Text(0));
}

Result<bool> CliniciansExist(db::Connection& c, const std::string& practice_id, const std::vector<std::string>& ids) {
  for (const auto& id : ids) {
    auto rows = c.Query("SELECT 1 FROM clinicians WHERE practice_id = ? AND id = ?", {practice_id, id});
    if (!rows) return tl::unexpected(rows.error());
    if (rows->empty()) return false;
  }
  return true;
}

Result<std::unordered_map<std::string, std::string>> ClientNames(db::Connection& c, const std::string& practice_id,
                                                                 const std::vector<std::string>& ids) {
  std::unordered_map<std::string, std::string> out;
  out.reserve(ids.size());
  auto st =
      db::EachIn(c, "SELECT id, given_name, family_name, preferred_name FROM clients WHERE practice_id = ? AND id ", "",
                 {practice_id}, ids, [&out](const db::Cells& r) {
                   std::string name(r.View(3).empty() ? r.View(1) : r.View(3));
                   name.append(" ").append(r.View(2));
                   out.emplace(r.View(0), std::move(name));
                 });
  if (!st) return tl::unexpected(st.error());
  return out;
}

std::string DiagnosesJson(const std::vector<Diagnosis>& ds) { return codec::ToColumn(ds); }

std::vector<Diagnosis> ParseDiagnoses(const std::string& text) {
  return codec::FromColumn<std::vector<Diagnosis>>(text);
}

// ---- Client-side accounts ----

namespace {
PortalLink LinkFrom(const db::Row& r) {
  PortalLink l;
  l.client_id = r.Text(0);
  l.client_name = (r.Text(2).empty() ? r.Text(1) : r.Text(2)) + " " + r.Text(3);
  l.user_id = r.Text(4);
  l.guardian = r.Int(5) != 0;
  l.sees = GuardianSees{r.Int(6) != 0, r.Int(7) != 0, r.Int(8) != 0, r.Int(9) != 0, r.Int(10) != 0};
  l.account_name = r.Text(11);
  l.email = r.Text(12);
  l.since = r.Int(13);
  return l;
}
}  // namespace

Result<std::vector<PortalLink>> PortalLinksOf(db::Connection& c, const std::string& practice_id,
                                              const std::string& user_id) {
  // The account's own record first, then the clients in its care by name.
  static const std::string sql =
      "SELECT c.id, c.given_name, c.preferred_name, c.family_name, c.user_id, 0, 1, 1, 1, 1, 1, '', '', 0, 0 AS k "
      "FROM clients c WHERE c.practice_id = ? AND c.user_id = ? UNION ALL SELECT c.id, c.given_name, "
      "c.preferred_name, c.family_name, g.user_id, 1, g.sees_appointments, g.sees_bills, g.sees_forms, "
      "g.sees_messages, g.sees_records, '', '', g.created_at, 1 AS k FROM guardian_links g JOIN clients c ON "
      "c.practice_id = g.practice_id AND c.id = g.client_id WHERE g.practice_id = ? AND g.user_id = ? AND g.ended_at "
      "IS NULL ORDER BY 15, 2, 4, 1";
  auto rows = c.Query(sql, {practice_id, user_id, practice_id, user_id});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<PortalLink> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) out.push_back(LinkFrom(r));
  return out;
}

Result<std::vector<PortalLink>> AccountsOf(db::Connection& c, const std::string& practice_id,
                                           const std::string& client_id) {
  static const std::string sql =
      "SELECT c.id, c.given_name, c.preferred_name, c.family_name, u.id, 0, 1, 1, 1, 1, 1, u.display_name, u.email, "
      "u.created_at, 0 AS k FROM clients c JOIN users u ON u.id = c.user_id WHERE c.practice_id = ? AND c.id = ? "
      "UNION ALL SELECT c.id, c.given_name, c.preferred_name, c.family_name, u.id, 1, g.sees_appointments, "
      "g.sees_bills, g.sees_forms, g.sees_messages, g.sees_records, u.display_name, u.email, g.created_at, 1 AS k "
      "FROM guardian_links g JOIN clients c ON c.practice_id = g.practice_id AND c.id = g.client_id JOIN users u ON "
      "u.id = g.user_id WHERE g.practice_id = ? AND g.client_id = ? AND g.ended_at IS NULL ORDER BY 15, 12";
  auto rows = c.Query(sql, {practice_id, client_id, practice_id, client_id});
  if (!rows) return tl::unexpected(rows.error());
  std::vector<PortalLink> out;
  for (const auto& r : *rows) out.push_back(LinkFrom(r));
  return out;
}

Result<std::int64_t> SetGuardianSees(db::Connection& c, const std::string& practice_id, const std::string& client_id,
                                     const std::string& user_id, const GuardianSees& s) {
  auto b = [](bool v) { return std::int64_t{v ? 1 : 0}; };
  return c.Exec(
      "UPDATE guardian_links SET sees_appointments = ?, sees_bills = ?, sees_forms = ?, sees_messages = ?, "
      "sees_records = ? WHERE practice_id = ? AND client_id = ? AND user_id = ? AND ended_at IS NULL",
      {b(s.appointments), b(s.bills), b(s.forms), b(s.messages), b(s.records), practice_id, client_id, user_id});
}

Result<std::int64_t> EndGuardianLink(db::Connection& c, const std::string& practice_id, const std::string& client_id,
                                     const std::string& user_id, EpochSeconds now) {
  return c.Exec(
      "UPDATE guardian_links SET ended_at = ? WHERE practice_id = ? AND client_id = ? AND user_id = ? AND ended_at "
      "IS NULL",
      {now, practice_id, client_id, user_id});
}

}  // namespace duet::practice::store
