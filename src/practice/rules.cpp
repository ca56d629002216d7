#include "practice/rules.hpp"

#include <date/tz.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace duet::practice {
namespace {

template <typename E>
std::optional<E> ParseEnum(std::string_view name) {
  return ParseName<E>(name);
}
template <typename E>
std::string_view EnumName(E value) {
  return NameOf(value);
}

std::string StateName(std::string_view code) {
  const Jurisdiction* j = FindJurisdiction(code);
  return j ? std::string(j->name) : std::string(code);
}

bool InForce(const License& l, Date on) {
  return l.status == LicenseStatus::kActive && l.issued_on <= on && on <= l.expires_on;
}

// Tracks the most specific reason practice is not allowed; higher rank wins.
struct Denial {
  int rank = 0;
  Coverage coverage;
  void Offer(int r, Reason reason, std::string message, const License* record) {
    if (r <= rank) return;
    rank = r;
    coverage.reason = reason;
    coverage.message = std::move(message);
    coverage.license_id = record ? record->id : "";
    coverage.compact = record ? record->compact : "";
    coverage.expires_on = record ? std::optional<Date>(record->expires_on) : std::nullopt;
  }
};

std::string LicenseProblem(const License& l, Date on, Reason& reason) {
  std::string where = StateName(l.state);
  if (l.status == LicenseStatus::kSuspended) {
    reason = Reason::kSuspended;
    return "The " + where + " license is suspended.";
  }
  if (l.status == LicenseStatus::kRevoked) {
    reason = Reason::kRevoked;
    return "The " + where + " license is revoked.";
  }
  if (on < l.issued_on) {
    reason = Reason::kNotYetValid;
    return "The " + where + " license is valid from " + FormatDate(l.issued_on) + ".";
  }
  reason = Reason::kExpired;
  return "The " + where + " license expired on " + FormatDate(l.expires_on) + ".";
}

}  // namespace

std::optional<Discipline> ParseDiscipline(std::string_view n) { return ParseEnum<Discipline>(n); }
std::string_view DisciplineName(Discipline d) { return EnumName(d); }
std::optional<LicenseKind> ParseLicenseKind(std::string_view n) { return ParseEnum<LicenseKind>(n); }
std::string_view LicenseKindName(LicenseKind k) { return EnumName(k); }
std::optional<LicenseStatus> ParseLicenseStatus(std::string_view n) { return ParseEnum<LicenseStatus>(n); }
std::string_view LicenseStatusName(LicenseStatus s) { return EnumName(s); }
std::optional<ClientStatus> ParseClientStatus(std::string_view n) { return ParseEnum<ClientStatus>(n); }
std::string_view ClientStatusName(ClientStatus s) { return EnumName(s); }
std::optional<Mode> ParseMode(std::string_view n) { return ParseEnum<Mode>(n); }
std::string_view BasisName(Basis b) { return EnumName(b); }
std::string_view ReasonName(Reason r) { return EnumName(r); }

const CompactDefinition* CompactTable::Find(std::string_view code) const {
  for (const auto& d : definitions)
    if (d.code == code) return &d;
  return nullptr;
}

bool CompactTable::Operational(std::string_view compact, std::string_view state, Date on) const {
  for (const auto& s : states)
    if (s.compact == compact && s.state == state) return s.operational_on && *s.operational_on <= on;
  return false;
}

std::vector<std::string> SplitCsvLine(std::string_view line) {
  std::vector<std::string> out;
  std::string cur;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        cur += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cur += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.push_back(std::move(cur));
      cur.clear();
    } else if (c != '\r') {
      cur += c;
    }
  }
  out.push_back(std::move(cur));
  return out;
}

Result<CompactTable> ParseCompactData(std::string_view definitions_csv, std::string_view states_csv) {
  auto lines = [](std::string_view text) {
    std::vector<std::string_view> out;
    while (!text.empty()) {
      auto nl = text.find('\n');
      std::string_view line = text.substr(0, nl);
      if (!line.empty()) out.push_back(line);
      if (nl == std::string_view::npos) break;
      text.remove_prefix(nl + 1);
    }
    return out;
  };
  CompactTable table;
  auto defs = lines(definitions_csv);
  for (std::size_t i = 1; i < defs.size(); ++i) {
    auto f = SplitCsvLine(defs[i]);
    if (f.size() < 5)
      return Fail(ErrorCode::kInternal, "Internal error.", "compact_definitions.csv line " + std::to_string(i + 1));
    auto model = ParseEnum<CompactModel>(f[2]);
    if (!model) return Fail(ErrorCode::kInternal, "Internal error.", "unknown compact model " + f[2]);
    CompactDefinition d{f[0], f[1], *model, {}, f[4]};
    std::string_view list = f[3];
    while (!list.empty()) {
      auto sep = list.find(';');
      if (auto disc = ParseDiscipline(list.substr(0, sep))) d.disciplines.push_back(*disc);
      if (sep == std::string_view::npos) break;
      list.remove_prefix(sep + 1);
    }
    table.definitions.push_back(std::move(d));
  }
  auto rows = lines(states_csv);
  for (std::size_t i = 1; i < rows.size(); ++i) {
    auto f = SplitCsvLine(rows[i]);
    if (f.size() < 6)
      return Fail(ErrorCode::kInternal, "Internal error.", "compacts.csv line " + std::to_string(i + 1));
    CompactState s{f[0], f[1], f[2], f[3].empty() ? std::nullopt : ParseDate(f[3]), f[4], f[5]};
    if (!f[3].empty() && !s.operational_on) return Fail(ErrorCode::kInternal, "Internal error.", "bad date " + f[3]);
    table.states.push_back(std::move(s));
  }
  return table;
}

Coverage MayPractice(const LicensureFacts& facts, const CompactTable& compacts, std::string_view state, Date on,
                     Mode mode) {
  Denial denial;
  denial.coverage.state = std::string(state);
  const std::string where = StateName(state);
  if (!FindJurisdiction(state)) {
    denial.coverage.reason = Reason::kNotAJurisdiction;
    denial.coverage.message = "Not a US state, DC or territory.";
    return denial.coverage;
  }
  denial.Offer(1, Reason::kNoLicense, "No " + where + " license or compact privilege.", nullptr);

  auto allow = [&](Basis basis, const License& record, std::string message) {
    Coverage c;
    c.state = std::string(state);
    c.allowed = true;
    c.basis = basis;
    c.reason = Reason::kAllowed;
    c.message = std::move(message);
    c.license_id = record.id;
    c.compact = record.compact;
    c.expires_on = record.expires_on;
    return c;
  };

  // 1. A license issued by the state itself.
  for (const auto& l : facts.licenses) {
    if (l.kind != LicenseKind::kLicense || l.state != state) continue;
    if (InForce(l, on)) return allow(Basis::kLicense, l, "Licensed in " + where + ".");
    Reason reason;
    std::string message = LicenseProblem(l, on, reason);
    denial.Offer(4, reason, std::move(message), &l);
  }

  // 2. Compacts, which all rest on an active license in the clinician's home state.
  const License* home = nullptr;
  const License* home_any = nullptr;
  for (const auto& l : facts.licenses) {
    if (l.kind != LicenseKind::kLicense || l.state != facts.home_state) continue;
    home_any = &l;
    if (InForce(l, on)) {
      home = &l;
      break;
    }
  }
  std::optional<Coverage> best;
  for (const auto& rec : facts.licenses) {
    if (rec.kind != LicenseKind::kCompactPrivilege) continue;
    const CompactDefinition* def = compacts.Find(rec.compact);
    if (!def) continue;
    bool covers_profession =
        std::find(def->disciplines.begin(), def->disciplines.end(), facts.discipline) != def->disciplines.end();
    bool targets_state = def->model != CompactModel::kPrivilege || rec.state == state;
    if (!targets_state) continue;
    if (def->model == CompactModel::kExpedited) {
      denial.Offer(2, Reason::kExpeditedIsNotAPrivilege,
                   "The " + def->name + " issues ordinary state licenses; record the " + where + " license itself.",
                   &rec);
      continue;
    }
    if (!covers_profession) {
      denial.Offer(3, Reason::kProfessionMismatch,
                   def->name + " does not cover " + std::string(DisciplineName(facts.discipline)) + ".", &rec);
      continue;
    }
    if (!InForce(rec, on)) {
      denial.Offer(
          3, Reason::kPrivilegeNotActive,
          "The " + def->code + " " +
              (def->model == CompactModel::kPrivilege ? "privilege for " + where : std::string("authorization")) +
              " is not active on " + FormatDate(on) + ".",
          &rec);
      continue;
    }
    // A multistate license is itself the home-state license; the others need one.
    std::string home_state = def->model == CompactModel::kMultistate ? rec.state : facts.home_state;
    if (def->model != CompactModel::kMultistate && !home) {
      std::string why = home_any ? "is not active" : "is not on file";
      denial.Offer(3, Reason::kHomeLicenseInactive,
                   "The home-state (" + StateName(facts.home_state) + ") license " + why + ", so " + def->code +
                       " privileges do not count.",
                   &rec);
      continue;
    }
    if (!compacts.Operational(def->code, home_state, on)) {
      denial.Offer(
          3, Reason::kCompactNotOperational,
          def->name + " is not operational in the home state " + StateName(home_state) + " on " + FormatDate(on) + ".",
          &rec);
      continue;
    }
    if (!compacts.Operational(def->code, state, on)) {
      denial.Offer(3, Reason::kCompactNotOperational,
                   def->name + " is not operational in " + where + " on " + FormatDate(on) + ".", &rec);
      continue;
    }
    if (def->model == CompactModel::kAuthorization) {
      bool tap = rec.license_type == "TAP";
      if (!tap && mode != Mode::kTelehealth) {
        denial.Offer(3, Reason::kWrongMode,
                     "The PSYPACT APIT authorization covers telepsychology only; in person in " + where +
                         " needs TAP or a license.",
                     &rec);
        continue;
      }
      if (tap && mode != Mode::kInPerson) {
        denial.Offer(3, Reason::kWrongMode, "The PSYPACT TAP authorization covers temporary in-person practice only.",
                     &rec);
        continue;
      }
      if (tap && facts.tap_days_used >= 30) {
        denial.Offer(3, Reason::kTapLimitReached,
                     "The PSYPACT TAP allowance of 30 in-person days this year is used up.", &rec);
        continue;
      }
    }
    Coverage c = allow(Basis::kCompactPrivilege, rec, "Practises in " + where + " under " + def->name + ".");
    // The privilege lasts only as long as the home license that backs it.
    if (def->model != CompactModel::kMultistate && home->expires_on < rec.expires_on) c.expires_on = home->expires_on;
    if (!best || (c.expires_on && best->expires_on && *c.expires_on > *best->expires_on)) best = c;
  }
  if (best) return *best;
  return denial.coverage;
}

std::vector<Coverage> CoverageForAllStates(const LicensureFacts& facts, const CompactTable& compacts, Date on,
                                           Mode mode) {
  std::vector<Coverage> out;
  out.reserve(51);
  for (const auto& j : StatesAndDc()) out.push_back(MayPractice(facts, compacts, j.code, on, mode));
  return out;
}

bool IsValidNpi(std::string_view npi) {
  if (npi.size() != 10 || !std::all_of(npi.begin(), npi.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return false;
  // Luhn over the prefix 80840 and the first nine digits; the tenth is the check digit.
  std::string digits = "80840" + std::string(npi.substr(0, 9));
  int sum = 0;
  bool twice = true;  // rightmost payload digit is doubled
  for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
    int d = *it - '0';
    if (twice) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    twice = !twice;
  }
  int check = (10 - sum % 10) % 10;
  return check == npi[9] - '0';
}

bool IsIcd10Shape(std::string_view code) {
  // ICD-10-CM: a letter (U is reserved), a digit, a digit or letter, then optionally "." and 1–4 characters.
  if (code.size() < 3 || code.size() > 8) return false;
  auto upper_alpha = [](char c) { return c >= 'A' && c <= 'Z'; };
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  if (!upper_alpha(code[0]) || !digit(code[1]) || !(digit(code[2]) || upper_alpha(code[2]))) return false;
  if (code.size() == 3) return true;
  if (code[3] != '.' || code.size() == 4) return false;
  return std::all_of(code.begin() + 4, code.end(), [&](char c) { return digit(c) || upper_alpha(c); });
}

std::optional<std::string> NormalizePhone(std::string_view phone) {
  std::string digits;
  for (char c : phone) {
    if (c >= '0' && c <= '9')
      digits += c;
    else if (c != ' ' && c != '-' && c != '(' && c != ')' && c != '.' && c != '+')
      return std::nullopt;
  }
  if (digits.size() == 11 && digits[0] == '1') digits.erase(0, 1);
  // NANP: area code and exchange cannot start with 0 or 1.
  if (digits.size() != 10 || digits[0] < '2' || digits[3] < '2') return std::nullopt;
  return "+1" + digits;
}

bool IsValidTimeZone(std::string_view zone) {
  if (zone.empty() || zone.size() > 64) return false;
  try {
    return date::locate_zone(zone) != nullptr;
  } catch (const std::exception&) {
    return false;
  }
}

void FillClientDefaults(Client& c) {
  if (c.language.empty()) c.language = "en";
  for (std::size_t i = 0; i < c.insurance.size(); ++i) {
    auto& p = c.insurance[i];
    if (p.subscriber_relationship.empty()) p.subscriber_relationship = "self";
    if (p.priority.empty()) p.priority = i == 0 ? "primary" : "secondary";
  }
}

std::vector<FieldIssue> ValidateClient(const Client& c, Date today) {
  std::vector<FieldIssue> out;
  auto need = [&](const std::string& value, const char* field, std::size_t max = 100) {
    if (value.empty())
      out.push_back({field, "Required."});
    else if (value.size() > max)
      out.push_back({field, "At most " + std::to_string(max) + " characters."});
  };
  need(c.given_name, "given_name");
  need(c.family_name, "family_name");
  if (c.preferred_name.size() > 100) out.push_back({"preferred_name", "At most 100 characters."});
  if (c.pronouns.size() > 40) out.push_back({"pronouns", "At most 40 characters."});
  auto dob = ParseDate(c.birth_date);
  if (c.birth_date.empty())
    out.push_back({"birth_date", "Required."});
  else if (!dob)
    out.push_back({"birth_date", "Use a date like 1990-04-17."});
  else if (*dob > today)
    out.push_back({"birth_date", "The date of birth cannot be in the future."});
  else if (DaysBetween(*dob, today) > 125 * 366)
    out.push_back({"birth_date", "Check the year of birth."});
  if (!c.email.empty() && !IsEmailShape(c.email))
    out.push_back({"email", "Enter an e-mail address like name@example.com."});
  if (!c.phone.empty() && !NormalizePhone(c.phone))
    out.push_back({"phone", "Enter a 10-digit US phone number like (555) 201-0134."});
  if (c.preferred_channel != "email" && c.preferred_channel != "sms" && c.preferred_channel != "phone")
    out.push_back({"preferred_channel", "Choose email, sms or phone."});
  if (c.preferred_channel == "email" && c.email.empty())
    out.push_back({"email", "Needed when e-mail is the preferred channel."});
  if ((c.preferred_channel == "sms" || c.preferred_channel == "phone") && c.phone.empty())
    out.push_back({"phone", "Needed when texts or calls are the preferred channel."});
  if (c.location_state.empty())
    out.push_back({"location_state", "Required: the state where the client usually is."});
  else if (!FindJurisdiction(c.location_state))
    out.push_back({"location_state", "Use a two-letter US state code such as CO."});
  if (c.time_zone.empty())
    out.push_back({"time_zone", "Required."});
  else if (!IsValidTimeZone(c.time_zone))
    out.push_back({"time_zone", "Use an IANA time zone such as America/Denver."});
  if (!c.address.state.empty() && !FindJurisdiction(c.address.state))
    out.push_back({"address.state", "Use a two-letter US state code."});
  if (!c.address.postal_code.empty()) {
    const auto& z = c.address.postal_code;
    bool ok = (z.size() == 5 || (z.size() == 10 && z[5] == '-')) &&
              std::all_of(z.begin(), z.end(), [](char ch) { return (ch >= '0' && ch <= '9') || ch == '-'; });
    if (!ok) out.push_back({"address.postal_code", "Use a ZIP code like 80202 or 80202-1234."});
  }
  for (std::size_t i = 0; i < c.guardians.size(); ++i) {
    const auto& g = c.guardians[i];
    std::string base = "guardians[" + std::to_string(i) + "].";
    if (g.name.empty()) out.push_back({base + "name", "Required."});
    if (g.relationship != "parent" && g.relationship != "legal_guardian" && g.relationship != "caregiver" &&
        g.relationship != "other")
      out.push_back({base + "relationship", "Choose parent, legal_guardian, caregiver or other."});
    if (!g.phone.empty() && !NormalizePhone(g.phone))
      out.push_back({base + "phone", "Enter a 10-digit US phone number."});
    if (!g.email.empty() && !IsEmailShape(g.email)) out.push_back({base + "email", "Enter an e-mail address."});
  }
  if (c.emergency_contact) {
    if (c.emergency_contact->name.empty()) out.push_back({"emergency_contact.name", "Required."});
    if (!NormalizePhone(c.emergency_contact->phone))
      out.push_back({"emergency_contact.phone", "Enter a 10-digit US phone number."});
  }
  for (std::size_t i = 0; i < c.insurance.size(); ++i) {
    const auto& p = c.insurance[i];
    std::string base = "insurance[" + std::to_string(i) + "].";
    if (p.payer.empty() && p.payer_ref.empty()) out.push_back({base + "payer", "Choose a payer."});
    if (p.member_id.empty()) out.push_back({base + "member_id", "Required."});
    if (p.subscriber_relationship != "self" && p.subscriber_relationship != "spouse" &&
        p.subscriber_relationship != "child" && p.subscriber_relationship != "other")
      out.push_back({base + "subscriber_relationship", "Choose self, spouse, child or other."});
    if (p.priority != "primary" && p.priority != "secondary" && p.priority != "tertiary")
      out.push_back({base + "priority", "Choose primary, secondary or tertiary."});
    for (std::size_t j = 0; j < i; ++j)
      if (c.insurance[j].priority == p.priority && !p.priority.empty())
        out.push_back({base + "priority", "Another policy is already " + p.priority + "."});
    if (p.subscriber_relationship != "self") {
      // A dependant's claim names the subscriber: their name and date of birth.
      if (p.subscriber_name.empty())
        out.push_back({base + "subscriber_name", "Required when the client is a dependant."});
      if (p.subscriber_birth_date.empty())
        out.push_back({base + "subscriber_birth_date", "Required when the client is a dependant."});
    }
    if (!p.subscriber_birth_date.empty()) {
      auto born = ParseDate(p.subscriber_birth_date);
      if (!born || *born > today) out.push_back({base + "subscriber_birth_date", "A date in the past, YYYY-MM-DD."});
    }
    if (!p.subscriber_sex.empty() && p.subscriber_sex != "F" && p.subscriber_sex != "M" && p.subscriber_sex != "U")
      out.push_back({base + "subscriber_sex", "F, M or U."});
  }
  int primaries = 0;
  for (std::size_t i = 0; i < c.diagnoses.size(); ++i) {
    const auto& d = c.diagnoses[i];
    if (!IsIcd10Shape(d.code))
      out.push_back({"diagnoses[" + std::to_string(i) + "].code", "Use an ICD-10-CM code such as F41.1."});
    if (d.primary) ++primaries;
  }
  if (primaries > 1) out.push_back({"diagnoses", "Mark only one diagnosis as primary."});
  return out;
}

std::vector<FieldIssue> ValidateClinician(const Clinician& c) {
  std::vector<FieldIssue> out;
  if (c.given_name.empty()) out.push_back({"given_name", "Required."});
  if (c.family_name.empty()) out.push_back({"family_name", "Required."});
  if (!c.npi.empty() && !IsValidNpi(c.npi))
    out.push_back({"npi", "This is not a valid NPI (10 digits with a correct check digit)."});
  if (!c.taxonomy_code.empty() && (c.taxonomy_code.size() != 10 || c.taxonomy_code.back() != 'X'))
    out.push_back({"taxonomy_code", "A taxonomy code has 10 characters ending in X, e.g. 101YP2500X."});
  if (c.home_state.empty() || !FindJurisdiction(c.home_state))
    out.push_back({"home_state", "Use a two-letter US state code."});
  if (!IsValidTimeZone(c.time_zone)) out.push_back({"time_zone", "Use an IANA time zone such as America/Denver."});
  if (!c.email.empty() && !IsEmailShape(c.email)) out.push_back({"email", "Enter an e-mail address."});
  return out;
}

std::vector<FieldIssue> ValidateLicense(const License& l, const CompactTable& compacts) {
  std::vector<FieldIssue> out;
  if (!FindJurisdiction(l.state)) out.push_back({"state", "Use a two-letter US state or territory code."});
  if (l.kind == LicenseKind::kLicense) {
    if (!l.compact.empty()) out.push_back({"compact", "A state license has no compact; use kind compact_privilege."});
    if (l.number.empty()) out.push_back({"number", "Required for a license."});
  } else {
    const CompactDefinition* def = compacts.Find(l.compact);
    if (!def)
      out.push_back({"compact", "Choose one of PSYPACT, COUNSELING, OT, PT, ASLP, NLC, APRN, IMLC, SOCIAL_WORK."});
    else if (def->model == CompactModel::kExpedited)
      out.push_back({"compact", "The IMLC issues ordinary state licenses: add each one as kind license."});
    else if (def->model == CompactModel::kAuthorization && !l.license_type.empty() && l.license_type != "APIT" &&
             l.license_type != "TAP")
      out.push_back({"license_type", "A PSYPACT authorization is APIT (telepsychology) or TAP (temporary in-person)."});
  }
  if (l.expires_on < l.issued_on) out.push_back({"expires_on", "The expiry date is before the issue date."});
  if (l.number.size() > 60) out.push_back({"number", "At most 60 characters."});
  return out;
}

ClientView DecideClientView(Role role, const ClientRelationship& r) {
  switch (role) {
    case Role::kOwner:
      return ClientView::kFull;
    case Role::kClinician:
      return r.assigned_clinician ? ClientView::kFull : ClientView::kNone;
    case Role::kSupervisor:
      return r.supervises_assigned || r.assigned_clinician ? ClientView::kFull : ClientView::kNone;
    case Role::kBiller:
      return ClientView::kBilling;
    case Role::kFrontDesk:
      return ClientView::kDemographics;
    case Role::kClient:
      return r.is_self ? ClientView::kDemographics : ClientView::kNone;
  }
  return ClientView::kNone;
}

bool MayEditClient(Role role, const ClientRelationship& r) {
  switch (role) {
    case Role::kOwner:
    case Role::kFrontDesk:
      return true;
    case Role::kClinician:
      return r.assigned_clinician;
    case Role::kSupervisor:
      return r.supervises_assigned || r.assigned_clinician;
    default:
      return false;
  }
}

bool IsActiveMember(const CareTeamMember& m, Date today) {
  return (!m.starts_on || *m.starts_on <= today) && (!m.ends_on || *m.ends_on >= today);
}

TeamRole DefaultTeamRole(Discipline discipline, bool team_has_primary) {
  switch (discipline) {
    case Discipline::kPsychiatry:
    case Discipline::kPsychiatricNp:
      return TeamRole::kPrescriber;
    case Discipline::kOccupationalTherapy:
    case Discipline::kPhysicalTherapy:
    case Discipline::kSpeechLanguagePathology:
      return TeamRole::kRehabilitation;
    default:
      return team_has_primary ? TeamRole::kTherapist : TeamRole::kPrimary;
  }
}

std::vector<FieldIssue> ValidateCareTeam(const std::vector<CareTeamMember>& members, Date today) {
  std::vector<FieldIssue> out;
  int primaries = 0;
  for (std::size_t i = 0; i < members.size(); ++i) {
    const auto& m = members[i];
    const std::string at = "members[" + std::to_string(i) + "]";
    if (m.clinician_id.empty()) out.push_back({at + ".clinician_id", "Choose a clinician."});
    for (std::size_t j = 0; j < i; ++j)
      if (!m.clinician_id.empty() && members[j].clinician_id == m.clinician_id) {
        out.push_back({at + ".clinician_id", "This clinician is already on the team."});
        break;
      }
    if (m.starts_on && m.ends_on && *m.ends_on < *m.starts_on)
      out.push_back({at + ".ends_on", "The last day comes on or after the first."});
    if (m.role == TeamRole::kPrimary && (!m.ends_on || *m.ends_on >= today) && ++primaries == 2)
      out.push_back({at + ".role", "A client has one primary clinician at a time."});
  }
  if (members.size() > 30) out.push_back({"members", "At most 30 members."});
  return out;
}

std::optional<int> ExpiryWarningStep(Date expires, Date today) {
  int left = DaysBetween(today, expires);
  if (left < 0 || left > 90) return std::nullopt;
  if (left <= 30) return 30;
  if (left <= 60) return 60;
  return 90;
}

std::vector<std::string> SearchTokens(const Client& c) {
  std::vector<std::string> out;
  for (const std::string* name : {&c.given_name, &c.family_name, &c.preferred_name}) {
    std::string cur;
    auto flush = [&] {
      if (!cur.empty() && std::find(out.begin(), out.end(), cur) == out.end()) out.push_back(cur);
      cur.clear();
    };
    for (unsigned char ch : *name) {
      if (ch >= 0x80 || std::isalnum(ch))
        cur += static_cast<char>(ch < 0x80 ? std::tolower(ch) : ch);
      else if (ch == '\'')
        continue;  // O'Brien → obrien
      else
        flush();
    }
    flush();
  }
  return out;
}

std::string ReversedDigits(std::string_view phone) {
  std::string out;
  for (auto it = phone.rbegin(); it != phone.rend(); ++it)
    if (*it >= '0' && *it <= '9') out += *it;
  return out;
}

tl::unexpected<Error> InvalidFields(const std::vector<FieldIssue>& issues, std::string message) {
  if (message.empty())
    message = issues.size() == 1 ? issues.front().message : std::to_string(issues.size()) + " fields need attention.";
  Error e{ErrorCode::kInvalid, std::move(message)};
  for (const auto& i : issues) e.field_errors.emplace_back(i.field, i.message);
  if (issues.size() == 1) e.field = issues.front().field;
  return tl::unexpected(e);
}

bool GuardianMaySee(const PortalLink& link, PortalArea area) {
  if (!link.guardian) return true;
  switch (area) {
    case PortalArea::kHome:
      return true;
    case PortalArea::kAppointments:
      return link.sees.appointments;
    case PortalArea::kBills:
      return link.sees.bills;
    case PortalArea::kForms:
      return link.sees.forms;
    case PortalArea::kMessages:
      return link.sees.messages;
    case PortalArea::kRecords:
      return link.sees.records;
  }
  return false;
}

std::optional<std::size_t> ChoosePortalLink(const std::vector<PortalLink>& links, std::string_view acting) {
  if (links.empty()) return std::nullopt;
  if (!acting.empty())
    for (std::size_t i = 0; i < links.size(); ++i)
      if (links[i].client_id == acting) return i;
  for (std::size_t i = 0; i < links.size(); ++i)
    if (!links[i].guardian) return i;
  return 0;
}

}  // namespace duet::practice
