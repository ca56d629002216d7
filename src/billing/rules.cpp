#include "billing/rules.hpp"

#include "practice/rules.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

namespace duet::billing {

namespace {

constexpr std::array kTimedRehab = {"97110", "97112", "97113", "97116", "97140", "97530", "97535",
                                    "97537", "97542", "97750", "97760", "97761", "97129", "97130"};
constexpr std::array kUntimedRehab = {"97161", "97162", "97163", "97164", "97165", "97166", "97167",
                                      "97168", "92507", "92508", "92521", "92522", "92523", "92524",
                                      "92526", "92610", "96105", "96125", "97150"};
constexpr std::array kInteractiveComplexityPrimaries = {"90791", "90792", "90832", "90833", "90834",
                                                        "90836", "90837", "90838", "90853"};

template <std::size_t N>
bool In(const std::array<const char*, N>& list, std::string_view code) {
  return std::any_of(list.begin(), list.end(), [&](const char* c) { return code == c; });
}

bool IsEm(std::string_view cpt) {
  return cpt.size() == 5 && ((cpt >= "99202" && cpt <= "99205") || (cpt >= "99211" && cpt <= "99215"));
}
bool IsStandalonePsychotherapy(std::string_view cpt) { return cpt == "90832" || cpt == "90834" || cpt == "90837"; }
bool IsPsychotherapyAddOn(std::string_view cpt) { return cpt == "90833" || cpt == "90836" || cpt == "90838"; }

std::string Minutes(int m) { return std::to_string(m) + (m == 1 ? " minute" : " minutes"); }

Therapy TherapyOfCode(std::string_view cpt) {
  if (cpt >= "97161" && cpt <= "97164") return Therapy::kPhysical;
  if (cpt >= "97165" && cpt <= "97168") return Therapy::kOccupational;
  if (cpt.starts_with("92") || cpt == "96105" || cpt == "96125") return Therapy::kSpeech;
  return Therapy::kNone;
}

std::string_view TherapyModifier(Therapy t) {
  switch (t) {
    case Therapy::kPhysical:
      return "GP";
    case Therapy::kOccupational:
      return "GO";
    case Therapy::kSpeech:
      return "GN";
    case Therapy::kNone:
      break;
  }
  return "";
}

std::string_view TherapyName(Therapy t) {
  switch (t) {
    case Therapy::kPhysical:
      return "physical therapy";
    case Therapy::kOccupational:
      return "occupational therapy";
    case Therapy::kSpeech:
      return "speech-language pathology";
    case Therapy::kNone:
      break;
  }
  return "";
}

bool IsTelehealth(Delivery d) { return d != Delivery::kInPerson; }

// The lines in the making, before the place of service, modifiers and pointers every line shares.
struct Draft {
  Coding out;
  void Line(std::string cpt, int units, std::string why) {
    ChargeLine l;
    l.cpt = std::move(cpt);
    l.units = units;
    l.explanation = std::move(why);
    out.lines.push_back(std::move(l));
  }
  void Problem(std::string code, std::string message) { out.problems.push_back({std::move(code), std::move(message)}); }
  void Note(std::string text) { out.notes.push_back(std::move(text)); }
};

void CodeIndividual(const VisitFacts& v, Draft& d) {
  if (auto code = PsychotherapyCode(v.minutes)) {
    d.Line(*code, 1,
           Minutes(v.minutes) + " of psychotherapy: " + *code +
               (*code == "90832"   ? " covers 16 to 37 minutes."
                : *code == "90834" ? " covers 38 to 52 minutes."
                                   : " covers 53 minutes or more."));
  } else {
    d.Problem("too_short",
              Minutes(v.minutes) + " of psychotherapy is under 16 minutes: not reportable as psychotherapy.");
  }
}

void CodePrescriberVisit(const VisitFacts& v, const PayerRules& payer, Draft& d) {
  // The E/M level: by time when the payer uses time and the note has it, else by decision making.
  std::optional<std::string> em;
  std::string why;
  const std::string who = v.new_patient ? "new patient" : "established patient";
  const bool by_time = v.em_minutes && (payer.em_basis == EmBasis::kTime || !v.mdm);
  if (by_time) {
    em = EmByTime(v.new_patient, *v.em_minutes);
    if (em)
      why = Minutes(*v.em_minutes) + " of E/M time on the date, " + who + ": " + *em + " (CPT 2024 minimum times)" +
            (v.psychotherapy_minutes > 0 ? "; psychotherapy time is not counted in it." : ".");
    else
      d.Problem("too_short",
                Minutes(*v.em_minutes) + " of E/M time is under the 15 minutes of the lowest new-patient level.");
  } else if (v.mdm) {
    em = EmByMdm(v.new_patient, *v.mdm);
    why = std::string(NameOf(*v.mdm)) + " medical decision making, " + who + ": " + *em + ".";
  } else {
    d.Problem("em_level_missing", "The note gives neither the E/M time nor the level of medical decision making.");
  }
  if (em) d.Line(*em, 1, why);
  if (v.psychotherapy_minutes > 0) {
    if (auto add = PsychotherapyAddOn(v.psychotherapy_minutes))
      d.Line(*add, 1,
             Minutes(v.psychotherapy_minutes) + " of psychotherapy with the E/M: add-on " + *add +
                 " (never a standalone psychotherapy code with an E/M).");
    else
      d.Note(Minutes(v.psychotherapy_minutes) + " of psychotherapy is under 16 minutes: no add-on.");
  }
}

void CodeCrisis(const VisitFacts& v, Draft& d) {
  if (v.minutes < 30) {
    d.Note(Minutes(v.minutes) + " of crisis psychotherapy is under 30 minutes: coded as psychotherapy instead.");
    CodeIndividual(v, d);
    return;
  }
  d.Line("90839", 1, Minutes(v.minutes) + " of crisis psychotherapy: 90839 for the first 30 to 74 minutes.");
  if (int more = CrisisAddOnUnits(v.minutes); more > 0)
    d.Line("90840", more,
           std::to_string(more) + " × 90840: each further 30 minutes after the first 74 (at least 16 into a block).");
}

void CodeFamily(const VisitFacts& v, Draft& d) {
  const bool with_client = v.cpt == "90847";
  if (v.minutes < 26) {
    d.Problem("too_short", Minutes(v.minutes) + " of family psychotherapy is under 26 minutes: not reportable.");
    return;
  }
  d.Line(v.cpt, 1,
         Minutes(v.minutes) + " of family psychotherapy " + (with_client ? "with" : "without") +
             " the client: " + v.cpt + " (26 minutes or more).");
}

void CodeRehab(const VisitFacts& v, const PayerRules& payer, Draft& d) {
  std::map<std::string, int> timed = v.timed_minutes;
  std::vector<std::string> untimed = v.untimed_codes;
  if (IsTimedRehabCode(v.cpt) && timed.empty()) timed[v.cpt] = v.minutes;
  if (IsUntimedRehabCode(v.cpt) && std::find(untimed.begin(), untimed.end(), v.cpt) == untimed.end())
    untimed.insert(untimed.begin(), v.cpt);
  for (const auto& code : untimed) {
    if (!IsUntimedRehabCode(code)) {
      d.Problem("unknown_code", code + " is not an untimed rehab code Duet knows.");
      continue;
    }
    d.Line(code, 1, code + " is untimed: 1 unit whatever its length.");
  }
  if (std::find(untimed.begin(), untimed.end(), "92522") != untimed.end() &&
      std::find(untimed.begin(), untimed.end(), "92523") != untimed.end())
    d.Problem("code_pair", "92522 and 92523 are not billed on one date: 92523 includes sound production.");
  int total = 0;
  for (const auto& [code, m] : timed) {
    if (!IsTimedRehabCode(code)) {
      d.Problem("unknown_code", code + " is not a timed rehab code Duet knows.");
      continue;
    }
    total += m;
  }
  if (timed.empty()) return;
  auto units = UnitsForTimedCodes(timed, payer.unit_method);
  const bool pooled = payer.unit_method == UnitMethod::kPooled;
  for (const auto& u : units) {
    if (u.units == 0) {
      d.Note(u.cpt + ": " + Minutes(u.minutes) +
             (pooled ? ", no unit left for it under the 8-minute rule." : ", under 8 minutes on its own: no unit."));
      continue;
    }
    std::string why =
        u.cpt + ": " + Minutes(u.minutes) + " → " + std::to_string(u.units) + (u.units == 1 ? " unit" : " units");
    why += pooled ? " (" + Minutes(total) + " of timed codes in all make " + std::to_string(PooledUnits(total)) +
                        " under the 8-minute rule; a unit left over goes to the code with the most minutes left)."
                  : " (each code on its own: a unit per 15 minutes, one more at 8 left over).";
    d.Line(u.cpt, u.units, why);
  }
  if (pooled && total > 0 && total < 8)
    d.Problem("too_short", Minutes(total) + " of timed codes is under 8 minutes: no unit.");
}

}  // namespace

std::optional<std::string> PsychotherapyCode(int minutes) {
  if (minutes < 16) return std::nullopt;
  if (minutes <= 37) return "90832";
  if (minutes <= 52) return "90834";
  return "90837";
}

std::optional<std::string> PsychotherapyAddOn(int minutes) {
  if (minutes < 16) return std::nullopt;
  if (minutes <= 37) return "90833";
  if (minutes <= 52) return "90836";
  return "90838";
}

int CrisisAddOnUnits(int minutes) { return minutes < 75 ? 0 : (minutes - 75) / 30 + 1; }

std::optional<std::string> EmByTime(bool new_patient, int minutes) {
  if (new_patient) {
    if (minutes >= 60) return "99205";
    if (minutes >= 45) return "99204";
    if (minutes >= 30) return "99203";
    if (minutes >= 15) return "99202";
    return std::nullopt;
  }
  if (minutes >= 40) return "99215";
  if (minutes >= 30) return "99214";
  if (minutes >= 20) return "99213";
  if (minutes >= 10) return "99212";
  return "99211";
}

std::string EmByMdm(bool new_patient, Mdm mdm) {
  static constexpr std::array kNew = {"99202", "99203", "99204", "99205"};
  static constexpr std::array kEstablished = {"99212", "99213", "99214", "99215"};
  auto i = static_cast<std::size_t>(mdm);
  return new_patient ? kNew[i] : kEstablished[i];
}

int PooledUnits(int total_minutes) {
  if (total_minutes <= 0) return 0;
  return total_minutes / 15 + (total_minutes % 15 >= 8 ? 1 : 0);
}

std::vector<TimedUnits> UnitsForTimedCodes(const std::map<std::string, int>& minutes, UnitMethod method) {
  std::vector<TimedUnits> out;
  for (const auto& [code, m] : minutes)
    if (IsTimedRehabCode(code) && m > 0) out.push_back({code, m, 0});
  if (method == UnitMethod::kPerCode) {
    for (auto& u : out) u.units = u.minutes / 15 + (u.minutes % 15 >= 8 ? 1 : 0);
    return out;
  }
  int total = 0;
  for (const auto& u : out) total += u.minutes;
  int left = PooledUnits(total);
  for (auto& u : out) {
    u.units = u.minutes / 15;
    left -= u.units;
  }
  // The units the total adds go to the codes with the most minutes left over (then the most minutes).
  std::vector<std::size_t> order(out.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    int ra = out[a].minutes % 15, rb = out[b].minutes % 15;
    return ra != rb ? ra > rb : out[a].minutes > out[b].minutes;
  });
  for (std::size_t k = 0; left > 0 && k < order.size(); ++k, --left) out[order[k]].units += 1;
  return out;
}

bool IsTimedRehabCode(std::string_view cpt) { return In(kTimedRehab, cpt); }
bool IsUntimedRehabCode(std::string_view cpt) { return In(kUntimedRehab, cpt); }
bool AllowsInteractiveComplexity(std::string_view cpt) { return In(kInteractiveComplexityPrimaries, cpt); }

std::string PlaceOfService(Delivery delivered, ClientLocation where, PosStyle style) {
  if (!IsTelehealth(delivered)) return where == ClientLocation::kClientHome ? "12" : "11";
  if (style == PosStyle::kInPersonPos) return "11";
  return where == ClientLocation::kHome || where == ClientLocation::kClientHome ? "10" : "02";
}

Coding CodeVisit(const VisitFacts& v, const PayerRules& payer) {
  Draft d;
  const std::string& cpt = v.cpt;
  const bool prescriber =
      IsEm(cpt) || IsPsychotherapyAddOn(cpt) || (IsStandalonePsychotherapy(cpt) && (v.em_minutes || v.mdm));
  if (cpt.empty()) {
    d.Problem("unknown_code", "The service has no CPT code.");
  } else if (prescriber) {
    VisitFacts facts = v;
    if (facts.psychotherapy_minutes == 0 && !IsEm(cpt)) facts.psychotherapy_minutes = v.minutes;
    CodePrescriberVisit(facts, payer, d);
  } else if (IsStandalonePsychotherapy(cpt)) {
    CodeIndividual(v, d);
  } else if (cpt == "90791" || cpt == "90792") {
    d.Line(cpt, 1,
           std::string("Psychiatric diagnostic evaluation ") + (cpt == "90791" ? "without" : "with") +
               " medical services: 1 unit whatever its length.");
  } else if (cpt == "90839") {
    CodeCrisis(v, d);
  } else if (cpt == "90846" || cpt == "90847") {
    CodeFamily(v, d);
  } else if (cpt == "90853" || cpt == "90849") {
    d.Line(cpt, 1,
           cpt == "90853" ? "Group psychotherapy: one line for each client in the group."
                          : "Multiple-family group psychotherapy: one line per session.");
  } else if (IsTimedRehabCode(cpt) || IsUntimedRehabCode(cpt) || !v.timed_minutes.empty() || !v.untimed_codes.empty()) {
    CodeRehab(v, payer, d);
  } else {
    d.Line(cpt, 1, cpt + " as booked: Duet has no coding rule for it, so check it by hand.");
    d.Problem("unknown_code", cpt + " has no coding rule in Duet: check the code and units by hand.");
  }

  // 90785 only with a factor the note names, and only with its primaries.
  if (!v.complexity_factor.empty()) {
    auto primary = std::find_if(d.out.lines.begin(), d.out.lines.end(),
                                [](const ChargeLine& l) { return AllowsInteractiveComplexity(l.cpt); });
    if (primary != d.out.lines.end())
      d.Line("90785", 1, "Interactive complexity (" + v.complexity_factor + ") with " + primary->cpt + ".");
    else
      d.Note("Interactive complexity is not reported with " + (d.out.lines.empty() ? cpt : d.out.lines.front().cpt) +
             ": 90785 goes only with 90791, 90792, 90832–90838 and 90853.");
  }

  // Where and how: the place of service and the telehealth modifier on every line.
  const bool telehealth = IsTelehealth(v.delivered);
  const std::string pos = PlaceOfService(v.delivered, v.where, payer.pos_style);
  std::string telehealth_modifier;
  std::string how;
  if (v.delivered == Delivery::kAudio) {
    telehealth_modifier = std::string(NameOf(payer.audio_modifier));
    if (v.booked == Delivery::kVideo)
      how = "Booked as video; video " + Minutes(v.video_minutes) + ", audio only " + Minutes(v.audio_minutes) +
            " → coded as audio only, modifier " + telehealth_modifier + ".";
    else
      how = "Audio only → modifier " + telehealth_modifier + ".";
  } else if (v.delivered == Delivery::kVideo) {
    if (payer.video_modifier != VideoModifier::kNone) {
      telehealth_modifier = std::string(NameOf(payer.video_modifier));
      how = "Video → modifier " + telehealth_modifier + ".";
    } else {
      how = "Video: this payer takes the place of service alone, no modifier.";
    }
  }
  std::string where_words = pos == "10"   ? "POS 10: telehealth with the client at home."
                            : pos == "02" ? "POS 02: telehealth with the client away from home."
                            : pos == "12" ? "POS 12: in person at the client's home."
                            : telehealth  ? "POS 11: this payer wants the in-person place of service for telehealth."
                                          : "POS 11: in the office.";

  Therapy therapy = v.therapy;
  int pointers = static_cast<int>(std::min<std::size_t>(v.diagnoses.size(), 4));
  for (auto& line : d.out.lines) {
    line.pos = pos;
    const bool rehab = IsTimedRehabCode(line.cpt) || IsUntimedRehabCode(line.cpt);
    if (rehab) {
      Therapy t = therapy != Therapy::kNone ? therapy : TherapyOfCode(line.cpt);
      if (t == Therapy::kNone) {
        d.Problem("therapy_discipline_missing", "Say whether " + line.cpt + " was PT, OT or SLP (GP, GO or GN).");
      } else {
        line.modifiers.emplace_back(TherapyModifier(t));
        line.explanation += " " + std::string(TherapyModifier(t)) + ": " + std::string(TherapyName(t)) + ".";
        const bool evaluation = line.cpt >= "97161" && line.cpt <= "97168";
        if (v.assistant && !evaluation && (t == Therapy::kPhysical || t == Therapy::kOccupational)) {
          line.modifiers.emplace_back(t == Therapy::kPhysical ? "CQ" : "CO");
          line.explanation +=
              std::string(" ") + (t == Therapy::kPhysical ? "CQ" : "CO") + ": an assistant furnished part of it.";
        }
      }
    }
    if (!telehealth_modifier.empty()) line.modifiers.push_back(telehealth_modifier);
    if (rehab && v.over_therapy_threshold) {
      line.modifiers.emplace_back("KX");
      line.explanation += " KX: the client's therapy this year is past the yearly threshold.";
    }
    for (int i = 1; i <= pointers; ++i) line.diagnosis_pointers.push_back(i);
  }
  if (!d.out.lines.empty()) {
    d.Note(where_words);
    if (!how.empty()) d.Note(how);
  }

  // What stops a claim.
  if (v.diagnoses.empty() && v.diagnoses_known)
    d.Problem("no_diagnosis", "The client has no diagnosis on the chart: a claim needs one.");
  if (telehealth && v.licensed_where_client_was == false)
    d.Problem("not_licensed",
              "The clinician was not licensed where the client said they were when they joined: this visit cannot "
              "be claimed as telehealth.");
  if (telehealth) {
    for (const auto& w : payer.telehealth_windows) {
      bool applies = std::any_of(d.out.lines.begin(), d.out.lines.end(),
                                 [&](const ChargeLine& l) { return l.cpt.starts_with(w.code_prefix); });
      if (!applies) continue;
      if ((w.from && v.date_of_service < *w.from) || (w.until && v.date_of_service > *w.until)) {
        std::string name = payer.name.empty() ? "This payer" : payer.name;
        d.Problem("not_payable_by_telehealth",
                  name + " pays " + (w.code_prefix.empty() ? "these services" : w.code_prefix + "xxx codes") +
                      " by telehealth only for dates of service" + (w.from ? " from " + FormatDate(*w.from) : "") +
                      (w.until ? " through " + FormatDate(*w.until) : "") +
                      (w.note.empty() ? "." : " (" + w.note + ")."));
      }
    }
  }
  return std::move(d.out);
}

std::optional<std::string> NotInNetwork(const std::optional<Enrollment>& e, const std::string& payer, Date on) {
  const std::string whose = "the client's primary payer, " + payer;
  if (!e || e->status == Network::kOutOfNetwork)
    return "The clinician is not in network with " + whose + ": the visit may not be covered.";
  if (e->status == Network::kPending)
    return "The clinician's credentialing with " + whose + " is still pending: the visit may not be covered.";
  if (e->from && on < *e->from)
    return "The clinician is in network with " + whose + " only from " + FormatDate(*e->from) + ".";
  if (e->until && on > *e->until)
    return "The clinician's network participation with " + whose + " ended on " + FormatDate(*e->until) + ".";
  return std::nullopt;
}

std::int64_t ClientShare(std::int64_t fee, const std::optional<PolicyShare>& policy) {
  if (fee <= 0) return 0;
  if (!policy) return fee;
  std::int64_t deductible = std::clamp<std::int64_t>(policy->deductible_remaining.value_or(0), 0, fee);
  std::int64_t rest = fee - deductible;
  std::int64_t coinsurance = rest * std::clamp(policy->coinsurance_percent.value_or(0), 0, 100) / 100;
  std::int64_t share = deductible + coinsurance + std::max<std::int64_t>(policy->copay.value_or(0), 0);
  return std::min(share, fee);
}

std::vector<practice::FieldIssue> ValidateChargeLines(const std::vector<ChargeLine>& lines, std::size_t diagnoses) {
  std::vector<practice::FieldIssue> out;
  auto alnum = [](const std::string& s) {
    return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c) || std::isupper(c); });
  };
  if (lines.empty()) out.push_back({"lines", "A charge has at least one line."});
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const auto& l = lines[i];
    const std::string at = "lines[" + std::to_string(i) + "].";
    if (l.cpt.size() != 5 || !alnum(l.cpt)) out.push_back({at + "cpt", "A five-character CPT or HCPCS code."});
    if (l.units < 1 || l.units > 99) out.push_back({at + "units", "Between 1 and 99 units."});
    if (l.modifiers.size() > 4) out.push_back({at + "modifiers", "At most four modifiers."});
    for (const auto& m : l.modifiers)
      if (m.size() != 2 || !alnum(m)) out.push_back({at + "modifiers", "Each modifier has two letters or digits."});
    if (l.pos.size() != 2 || !std::all_of(l.pos.begin(), l.pos.end(), [](unsigned char c) { return std::isdigit(c); }))
      out.push_back({at + "pos", "A two-digit place of service."});
    if (l.diagnosis_pointers.empty() || l.diagnosis_pointers.size() > 4)
      out.push_back({at + "diagnosis_pointers", "One to four diagnoses."});
    for (int p : l.diagnosis_pointers)
      if (p < 1 || static_cast<std::size_t>(p) > std::max<std::size_t>(diagnoses, 1))
        out.push_back({at + "diagnosis_pointers", "Point at the charge's diagnoses (1 to " +
                                                      std::to_string(std::max<std::size_t>(diagnoses, 1)) + ")."});
  }
  return out;
}

std::vector<practice::FieldIssue> ValidateBillingProvider(const BillingProvider& p) {
  std::vector<practice::FieldIssue> out;
  auto digits = [](const std::string& s) {
    return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
  };
  if (!p.npi.empty() && !practice::IsValidNpi(p.npi)) out.push_back({"npi", "Ten digits with a valid check digit."});
  std::string tax = p.tax_id;
  tax.erase(std::remove(tax.begin(), tax.end(), '-'), tax.end());
  if (!p.tax_id.empty() && (tax.size() != 9 || !digits(tax))) out.push_back({"tax_id", "Nine digits (12-3456789)."});
  if (!p.taxonomy.empty() && (p.taxonomy.size() != 10 || !std::all_of(p.taxonomy.begin(), p.taxonomy.end(),
                                                                      [](unsigned char c) { return std::isalnum(c); })))
    out.push_back({"taxonomy", "Ten letters and digits, e.g. 101YP2500X."});
  if (!p.state.empty() && (p.state.size() != 2 || !std::isupper(static_cast<unsigned char>(p.state[0])) ||
                           !std::isupper(static_cast<unsigned char>(p.state[1]))))
    out.push_back({"state", "A two-letter state."});
  std::string zip = p.postal_code;
  zip.erase(std::remove(zip.begin(), zip.end(), '-'), zip.end());
  if (!p.postal_code.empty() && ((zip.size() != 5 && zip.size() != 9) || !digits(zip)))
    out.push_back({"postal_code", "Five or nine digits."});
  std::string phone;
  for (char ch : p.phone)
    if (ch >= '0' && ch <= '9') phone.push_back(ch);
  if (!p.phone.empty() && phone.size() != 10) out.push_back({"phone", "A 10-digit phone number."});
  auto x12_id = [](const std::string& id) {
    return std::all_of(id.begin(), id.end(), [](unsigned char c) { return std::isalnum(c) || c == '-' || c == ' '; });
  };
  if (!x12_id(p.submitter_id)) out.push_back({"submitter_id", "Letters, digits and dashes only."});
  if (!x12_id(p.receiver_id)) out.push_back({"receiver_id", "Letters, digits and dashes only."});
  return out;
}

std::vector<practice::FieldIssue> ValidatePayer(const Payer& p) {
  std::vector<practice::FieldIssue> out;
  for (std::size_t i = 0; i < p.fee_schedule.size(); ++i) {
    const auto& row = p.fee_schedule[i];
    const std::string at = "fee_schedule[" + std::to_string(i) + "]";
    if (row.cpt.size() != 5 ||
        !std::all_of(row.cpt.begin(), row.cpt.end(), [](unsigned char c) { return std::isalnum(c) != 0; }))
      out.push_back({at + ".cpt", "A five-character CPT or HCPCS code."});
    for (std::size_t j = 0; j < i; ++j)
      if (p.fee_schedule[j].cpt == row.cpt) out.push_back({at + ".cpt", "This code has a row already."});
    if (!row.in_person && !row.video) out.push_back({at + ".in_person", "Give a fee in person, by video, or both."});
  }
  if (p.name.empty()) out.push_back({"name", "Name the payer."});
  static constexpr std::array<std::string_view, 12> kFiling{"CI", "BL", "HM", "12", "13", "MB",
                                                            "16", "MC", "CH", "VA", "WC", "11"};
  if (std::find(kFiling.begin(), kFiling.end(), p.filing_indicator) == kFiling.end())
    out.push_back({"filing_indicator", "A claim filing indicator: CI, BL, HM, 12, 13, MB, 16, MC, CH, VA, WC or 11."});
  if (p.payer_id.empty())
    out.push_back({"payer_id", "The payer's electronic id (from the clearinghouse's list)."});
  else if (!std::all_of(p.payer_id.begin(), p.payer_id.end(),
                        [](unsigned char c) { return std::isalnum(c) || c == '-'; }))
    out.push_back({"payer_id", "Letters, digits and dashes only."});
  if (!p.state.empty() && p.state.size() != 2) out.push_back({"state", "A two-letter state."});
  if (p.timely_filing_days < 1 || p.timely_filing_days > 3650)
    out.push_back({"timely_filing_days", "Between 1 and 3650 days."});
  for (std::size_t i = 0; i < p.telehealth_windows.size(); ++i) {
    const auto& w = p.telehealth_windows[i];
    const std::string at = "telehealth_windows[" + std::to_string(i) + "]";
    if (!std::all_of(w.code_prefix.begin(), w.code_prefix.end(), [](unsigned char c) { return std::isdigit(c); }) ||
        w.code_prefix.size() > 5)
      out.push_back({at + ".code_prefix", "The start of a CPT code, digits only (e.g. 97)."});
    if (!w.from && !w.until) out.push_back({at + ".until", "Give a first or a last date of service."});
    if (w.from && w.until && *w.until < *w.from)
      out.push_back({at + ".until", "The last date comes before the first."});
  }
  return out;
}

void PriceLines(std::vector<ChargeLine>& lines, std::string_view service_cpt, std::int64_t fee,
                const std::map<std::string, std::int64_t>& fee_by_code, std::vector<CodingProblem>& problems) {
  if (lines.empty()) return;
  auto own = std::find_if(lines.begin(), lines.end(), [&](const ChargeLine& l) { return l.cpt == service_cpt; });
  if (own == lines.end()) own = lines.begin();
  for (auto it = lines.begin(); it != lines.end(); ++it) {
    if (it == own) {
      it->amount = fee;
      continue;
    }
    auto known = fee_by_code.find(it->cpt);
    if (known != fee_by_code.end()) {
      it->amount = known->second * it->units;
    } else {
      it->amount = 0;
      problems.push_back({"no_line_fee", "No fee is set for " + it->cpt + ": enter the line's amount."});
    }
  }
}

std::optional<std::int64_t> VisitFee(const VisitFeePolicy& policy, const std::string& service_id,
                                     std::string_view status) {
  const bool late = status == "late_cancelled";
  if (!late && status != "no_show") return std::nullopt;
  for (const auto& s : policy.by_service)
    if (s.service_id == service_id) {
      auto f = late ? s.late_cancel : s.no_show;
      if (f) return *f > 0 ? f : std::nullopt;
    }
  auto f = late ? policy.late_cancel : policy.no_show;
  return f && *f > 0 ? f : std::nullopt;
}

bool MayMove(ClaimStatus from, ClaimStatus to) {
  using S = ClaimStatus;
  switch (from) {
    case S::kDraft:
      return to == S::kReady;
    case S::kReady:
      return to == S::kSent;
    case S::kSent:
      return to == S::kAccepted || to == S::kRejected || to == S::kPaid || to == S::kPartlyPaid || to == S::kDenied;
    case S::kAccepted:
      return to == S::kRejected || to == S::kPaid || to == S::kPartlyPaid || to == S::kDenied;
    case S::kRejected:
    case S::kPaid:
    case S::kPartlyPaid:
    case S::kDenied:
      return to == S::kResubmitted;
    case S::kResubmitted:
      return false;
  }
  return false;
}

Posting PostingFor(const Claim& claim, const ClaimPayment& payment) {
  Posting out;
  out.lines = claim.lines;
  for (auto& l : out.lines) {
    l.paid = 0;
    l.adjustments.clear();
  }
  out.adjustments = payment.adjustments;
  out.paid = payment.paid;
  out.patient_responsibility = payment.patient_responsibility;
  std::vector<bool> taken(out.lines.size(), false);
  for (const auto& p : payment.lines) {
    std::size_t at = out.lines.size();
    int n = 0;
    const auto* end = p.line_ref.data() + p.line_ref.size();
    if (auto [ptr, ec] = std::from_chars(p.line_ref.data(), end, n); ec == std::errc() && ptr == end) {
      if (n >= 1 && n <= static_cast<int>(out.lines.size()) && !taken[n - 1] && out.lines[n - 1].cpt == p.cpt)
        at = static_cast<std::size_t>(n - 1);
    }
    if (at == out.lines.size())
      for (std::size_t i = 0; i < out.lines.size(); ++i)
        if (!taken[i] && out.lines[i].cpt == p.cpt) {
          at = i;
          break;
        }
    if (at == out.lines.size()) {
      out.problems.push_back("A payment for " + p.cpt + " matches no line of claim " + claim.number + ".");
      out.adjustments.insert(out.adjustments.end(), p.adjustments.begin(), p.adjustments.end());
      continue;
    }
    taken[at] = true;
    out.lines[at].paid = p.paid;
    out.lines[at].adjustments = p.adjustments;
  }
  if (payment.status_code == "22") out.problems.push_back("A reversal of an earlier payment: post it by hand.");
  if (payment.status_code == "23" || payment.status_code == "25")
    out.problems.push_back("The payer did not process this claim as a payment (status " + payment.status_code + ").");

  auto consider = [&](const Adjustment& a) {
    if (a.group == "PR" || (a.group == "CO" && (a.reason == "45" || a.reason == "253"))) return;
    out.denial_reasons.push_back(AdjustmentMeaning(a));
  };
  for (const auto& a : out.adjustments) consider(a);
  for (const auto& l : out.lines)
    for (const auto& a : l.adjustments) consider(a);
  if (payment.status_code == "4" || (payment.paid == 0 && payment.patient_responsibility == 0))
    out.status = ClaimStatus::kDenied;
  else if (payment.patient_responsibility > 0 || !out.denial_reasons.empty())
    out.status = ClaimStatus::kPartlyPaid;
  else
    out.status = ClaimStatus::kPaid;
  return out;
}

std::int64_t TherapySpend(const std::vector<Charge>& charges, Therapy therapy) {
  if (therapy == Therapy::kNone) return 0;
  const bool ot = therapy == Therapy::kOccupational;
  std::int64_t out = 0;
  for (const auto& c : charges) {
    if (c.status == ChargeStatus::kVoid) continue;
    for (const auto& l : c.lines) {
      const auto has = [&](std::string_view m) {
        return std::find(l.modifiers.begin(), l.modifiers.end(), m) != l.modifiers.end();
      };
      if (ot ? has("GO") : (has("GP") || has("GN"))) out += l.amount;
    }
  }
  return out;
}

Delivery DeliveryOfLines(const std::vector<ChargeLine>& lines) {
  bool video = false;
  for (const auto& l : lines) {
    for (const auto& m : l.modifiers) {
      if (m == "93" || m == "FQ") return Delivery::kAudio;
      if (m == "95" || m == "GT") video = true;
    }
    if (l.pos == "02" || l.pos == "10") video = true;
  }
  return video ? Delivery::kVideo : Delivery::kInPerson;
}

void AddCollections(BillingSummary& summary, const std::vector<Collected>& collected) {
  if (summary.weeks.empty()) return;
  const Date first = summary.weeks.front().week_start;
  for (const auto& c : collected) {
    const int day = DaysBetween(first, c.on);
    if (day < 0 || day >= 7 * static_cast<int>(summary.weeks.size())) continue;
    auto& w = summary.weeks[static_cast<std::size_t>(day / 7)];
    (c.mode == "in_person" ? w.collected_in_person
     : c.mode == "video"   ? w.collected_video
     : c.mode == "audio"   ? w.collected_audio
                           : w.collected_on_account) += c.amount;
  }
}

BillingSummary SummarizeCharges(const std::vector<Charge>& charges, Date first_week, int weeks) {
  BillingSummary out;
  out.weeks.resize(static_cast<std::size_t>(std::max(0, weeks)));
  for (int w = 0; w < weeks; ++w) out.weeks[static_cast<std::size_t>(w)].week_start = first_week + date::days{7 * w};
  std::map<std::string, PayerTotal> payers;
  for (const auto& c : charges) {
    if (c.status == ChargeStatus::kVoid) continue;
    const int day = DaysBetween(first_week, c.date_of_service);
    if (day < 0 || day >= 7 * weeks) continue;
    auto& w = out.weeks[static_cast<std::size_t>(day / 7)];
    w.charged += c.fee;
    w.payer_paid += c.payer_paid;
    w.client_share += c.client_share;
    switch (DeliveryOfLines(c.lines)) {
      case Delivery::kAudio:
        w.audio += c.fee;
        break;
      case Delivery::kVideo:
        w.video += c.fee;
        break;
      case Delivery::kInPerson:
        w.in_person += c.fee;
        break;
    }
    const std::string name = c.payer_name.empty() ? "Self-pay" : c.payer_name;
    auto& p = payers[name];
    p.payer_name = name;
    p.charged += c.fee;
    p.payer_paid += c.payer_paid;
    p.charges += 1;
  }
  for (auto& [_, p] : payers) out.payers.push_back(std::move(p));
  std::sort(out.payers.begin(), out.payers.end(), [](const PayerTotal& a, const PayerTotal& b) {
    return a.charged != b.charged ? a.charged > b.charged : a.payer_name < b.payer_name;
  });
  return out;
}

}  // namespace duet::billing
