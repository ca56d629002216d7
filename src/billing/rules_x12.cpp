#include "billing/rules_x12.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <optional>
#include <utility>

#include "platform/dates.hpp"

namespace duet::billing {
namespace {

constexpr char kElement = '*';
constexpr char kComponent = ':';
constexpr char kSegment = '~';
constexpr char kRepetition = '^';

//! Text fit for an element: no separators or line breaks, at most `max` characters, upper case (as
//! clearinghouses expect names and addresses).
std::string Clean(std::string_view text, std::size_t max = 60) {
  std::string out;
  out.reserve(std::min(text.size(), max));
  for (char ch : text) {
    if (out.size() >= max) break;
    if (ch == kElement || ch == kComponent || ch == kSegment || ch == kRepetition || ch == '\n' || ch == '\r') continue;
    out.push_back(ch >= 'a' && ch <= 'z' ? static_cast<char>(ch - 'a' + 'A') : ch);
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string Digits(std::string_view text) {
  std::string out;
  for (char ch : text)
    if (ch >= '0' && ch <= '9') out.push_back(ch);
  return out;
}

std::string Padded(std::string_view text, std::size_t width) {
  std::string out = Clean(text, width);
  out.resize(width, ' ');
  return out;
}

std::string Ccyymmdd(std::string_view iso) { return Digits(iso).substr(0, 8); }

//! Segments are built element by element and counted between ST and SE.
class Writer {
 public:
  void Segment(std::initializer_list<std::string_view> elements) {
    bool first = true;
    // Trailing empty elements are left out (X12 forbids them).
    auto last = elements.end();
    while (last != elements.begin() && (last - 1)->empty()) --last;
    for (auto it = elements.begin(); it != last; ++it) {
      if (!first) out_.push_back(kElement);
      out_.append(*it);
      first = false;
    }
    out_.push_back(kSegment);
    out_.push_back('\n');
    ++count_;
  }
  void StartCount() { count_ = 0; }
  int Count() const { return count_; }
  std::string Take() { return std::move(out_); }
  void Reserve(std::size_t n) { out_.reserve(n); }

 private:
  std::string out_;
  int count_ = 0;
};

std::string Composite(std::initializer_list<std::string_view> parts) {
  std::string out;
  auto last = parts.end();
  while (last != parts.begin() && (last - 1)->empty()) --last;
  for (auto it = parts.begin(); it != last; ++it) {
    if (it != parts.begin()) out.push_back(kComponent);
    out.append(*it);
  }
  return out;
}

std::string RelationshipCode(std::string_view relationship) {
  if (relationship == "spouse") return "01";
  if (relationship == "child") return "19";
  return "G8";  // other relationship
}

void Address(Writer& w, const ClaimPerson& p) {
  if (p.address_line.empty()) return;
  w.Segment({"N3", Clean(p.address_line, 55)});
  w.Segment({"N4", Clean(p.city, 30), Clean(p.state, 2), Digits(p.postal_code)});
}

void Person(Writer& w, std::string_view entity, const ClaimPerson& p, bool with_id) {
  w.Segment({"NM1", entity, "1", Clean(p.family_name), Clean(p.given_name, 35), "", "", "", with_id ? "MI" : "",
             with_id ? Clean(p.member_id, 80) : ""});
  Address(w, p);
  if (!p.birth_date.empty()) w.Segment({"DMG", "D8", Ccyymmdd(p.birth_date), p.sex.empty() ? "U" : p.sex});
}

}  // namespace

std::string X12Amount(std::int64_t cents) {
  std::string out;
  if (cents < 0) {
    out.push_back('-');
    cents = -cents;
  }
  out += std::to_string(cents / 100);
  const auto rest = cents % 100;
  if (rest != 0) {
    out.push_back('.');
    out.push_back(static_cast<char>('0' + rest / 10));
    if (rest % 10 != 0) out.push_back(static_cast<char>('0' + rest % 10));
  }
  return out;
}

std::vector<std::string> ClaimFileProblems(const Interchange& envelope, const BillingProvider& provider,
                                           const std::vector<Claim>& claims) {
  std::vector<std::string> out;
  if (provider.name.empty() || provider.npi.empty() || provider.tax_id.empty() || provider.taxonomy.empty())
    out.emplace_back("Set the practice's legal name, NPI, tax id and taxonomy (Settings → Payers → Billing provider).");
  if (provider.address_line.empty() || provider.city.empty() || provider.state.empty() ||
      Digits(provider.postal_code).size() != 9)
    out.emplace_back("The billing provider's address needs a street, city, state and a 9-digit ZIP (ZIP+4).");
  if (provider.phone.empty()) out.emplace_back("Set the billing contact's phone (Settings → Payers).");
  if (envelope.receiver_id.empty() || envelope.receiver_name.empty())
    out.emplace_back("Set the clearinghouse's receiver id and name (Settings → Payers).");
  if (claims.empty()) out.emplace_back("Choose at least one charge to claim.");
  for (const auto& c : claims) {
    const auto who = "Claim " + c.number;  // no client data in a problem
    if (c.detail.diagnoses.empty()) out.push_back(who + " has no diagnosis.");
    if (c.detail.diagnoses.size() > 12) out.push_back(who + " has more than 12 diagnoses.");
    if (c.lines.empty() || c.lines.size() > 50) out.push_back(who + " needs 1 to 50 service lines.");
    if (c.detail.payer_id.empty()) out.push_back(who + ": the payer has no electronic payer id.");
    if (c.detail.subscriber.member_id.empty()) out.push_back(who + ": the policy has no member id.");
    if (c.detail.rendering_npi.empty()) out.push_back(who + ": the clinician has no NPI.");
    if ((c.frequency == "7" || c.frequency == "8") && c.payer_claim_number.empty())
      out.push_back(who + ": a replacement or void needs the payer's claim number from its remittance.");
    for (const auto& l : c.lines)
      for (int p : l.diagnosis_pointers)
        if (p < 1 || p > static_cast<int>(c.detail.diagnoses.size()))
          out.push_back(who + ": a line points at a diagnosis the claim does not have.");
  }
  return out;
}

std::string Write837P(const Interchange& envelope, const BillingProvider& provider, const std::vector<Claim>& claims) {
  Writer w;
  w.Reserve(600 + claims.size() * 700);
  const auto at = std::chrono::sys_seconds{std::chrono::seconds{envelope.at}};
  const auto day = date::floor<date::days>(at);
  const date::year_month_day ymd{day};
  const date::hh_mm_ss hms{at - day};
  char d8[16];
  char hm[16];
  std::snprintf(d8, sizeof d8, "%04d%02u%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  std::snprintf(hm, sizeof hm, "%02d%02d", static_cast<int>(hms.hours().count()),
                static_cast<int>(hms.minutes().count()));
  char control[24];
  std::snprintf(control, sizeof control, "%09lld", static_cast<long long>(envelope.control_number % 1000000000));
  const std::string group = std::to_string(envelope.control_number % 1000000000);
  const std::string sender = envelope.sender_id.empty() ? Digits(provider.tax_id) : envelope.sender_id;

  w.Segment({"ISA", "00", std::string(10, ' '), "00", std::string(10, ' '), "ZZ", Padded(sender, 15), "ZZ",
             Padded(envelope.receiver_id, 15), std::string_view(d8 + 2, 6), hm, std::string(1, kRepetition), "00501",
             control, "0", envelope.test ? "T" : "P", std::string(1, kComponent)});
  w.Segment({"GS", "HC", Clean(sender, 15), Clean(envelope.receiver_id, 15), d8, hm, group, "X", "005010X222A1"});
  w.StartCount();
  w.Segment({"ST", "837", "0001", "005010X222A1"});
  w.Segment({"BHT", "0019", "00", group, d8, hm, "CH"});
  // 1000A submitter, 1000B receiver.
  w.Segment({"NM1", "41", "2", Clean(provider.name), "", "", "", "", "46", Clean(sender, 80)});
  w.Segment({"PER", "IC", Clean(provider.name), "TE", Digits(provider.phone)});
  w.Segment({"NM1", "40", "2", Clean(envelope.receiver_name), "", "", "", "", "46", Clean(envelope.receiver_id, 80)});
  // 2000A billing provider.
  w.Segment({"HL", "1", "", "20", "1"});
  w.Segment({"PRV", "BI", "PXC", Clean(provider.taxonomy, 10)});
  w.Segment({"NM1", "85", "2", Clean(provider.name), "", "", "", "", "XX", Digits(provider.npi)});
  w.Segment({"N3", Clean(provider.address_line, 55)});
  w.Segment({"N4", Clean(provider.city, 30), Clean(provider.state, 2), Digits(provider.postal_code)});
  w.Segment({"REF", "EI", Digits(provider.tax_id)});

  int hl = 1;
  for (const auto& claim : claims) {
    const auto& d = claim.detail;
    const bool dependant = d.patient.has_value();
    const int subscriber_hl = ++hl;
    w.Segment({"HL", std::to_string(subscriber_hl), "1", "22", dependant ? "1" : "0"});
    w.Segment({"SBR", d.priority.empty() ? "P" : d.priority, dependant ? "" : "18", Clean(d.group_number, 50), "", "",
               "", "", "", Clean(d.filing_indicator, 2)});
    Person(w, "IL", d.subscriber, true);
    w.Segment({"NM1", "PR", "2", Clean(d.payer_name), "", "", "", "", "PI", Clean(d.payer_id, 80)});
    if (dependant) {
      w.Segment({"HL", std::to_string(++hl), std::to_string(subscriber_hl), "23", "0"});
      w.Segment({"PAT", RelationshipCode(d.relationship)});
      Person(w, "QC", *d.patient, false);
    }
    // 2300 claim.
    std::int64_t total = 0;
    for (const auto& l : claim.lines) total += l.amount;
    w.Segment({"CLM", Clean(claim.number, 38), X12Amount(total), "", "",
               Composite({d.pos, "B", claim.frequency.empty() ? "1" : claim.frequency}), "Y", "A", "Y", "Y"});
    if (claim.frequency == "7" || claim.frequency == "8") w.Segment({"REF", "F8", Clean(claim.payer_claim_number, 50)});
    std::string hi = "HI";
    for (std::size_t i = 0; i < d.diagnoses.size() && i < 12; ++i) {
      hi.push_back(kElement);
      hi += i == 0 ? "ABK" : "ABF";
      hi.push_back(kComponent);
      for (char ch : d.diagnoses[i])
        if (ch != '.') hi.push_back(ch >= 'a' && ch <= 'z' ? static_cast<char>(ch - 'a' + 'A') : ch);
    }
    w.Segment({hi});
    w.Segment({"NM1", "82", "1", Clean(d.rendering_family_name), Clean(d.rendering_given_name, 35), "", "", "", "XX",
               Digits(d.rendering_npi)});
    if (!d.rendering_taxonomy.empty()) w.Segment({"PRV", "PE", "PXC", Clean(d.rendering_taxonomy, 10)});
    // 2400 service lines.
    const auto dos = FormatDate(claim.date_of_service);
    int n = 0;
    for (const auto& l : claim.lines) {
      ++n;
      w.Segment({"LX", std::to_string(n)});
      std::string procedure = "HC";
      procedure.push_back(kComponent);
      procedure += Clean(l.cpt, 5);
      for (std::size_t m = 0; m < l.modifiers.size() && m < 4; ++m) {
        procedure.push_back(kComponent);
        procedure += Clean(l.modifiers[m], 2);
      }
      std::string pointers;
      for (std::size_t p = 0; p < l.diagnosis_pointers.size() && p < 4; ++p) {
        if (p > 0) pointers.push_back(kComponent);
        pointers += std::to_string(l.diagnosis_pointers[p]);
      }
      w.Segment({"SV1", procedure, X12Amount(l.amount), "UN", std::to_string(l.units), l.pos == d.pos ? "" : l.pos, "",
                 pointers});
      w.Segment({"DTP", "472", "D8", Ccyymmdd(dos)});
      w.Segment({"REF", "6R", std::to_string(n)});
    }
  }
  const int segments = w.Count() + 1;
  w.Segment({"SE", std::to_string(segments), "0001"});
  w.Segment({"GE", "1", group});
  w.Segment({"IEA", "1", control});
  return w.Take();
}

// ---------------------------------------------------------------------------------------------------
// 835

namespace {

struct Segment {
  int position = 0;  // 1-based
  std::vector<std::string_view> elements;
  std::string_view id() const { return elements.empty() ? std::string_view() : elements[0]; }
  std::string_view at(std::size_t i) const { return i < elements.size() ? elements[i] : std::string_view(); }
};

tl::unexpected<X12Problem> Bad(const Segment& s, std::string reason) {
  return tl::unexpected(X12Problem{s.position, std::string(s.id()), std::move(reason)});
}

std::string_view TrimSpace(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\n' || s.front() == '\r' || s.front() == '\t'))
    s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\n' || s.back() == '\r' || s.back() == '\t'))
    s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> SplitView(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    auto at = s.find(sep, start);
    if (at == std::string_view::npos) {
      out.push_back(s.substr(start));
      return out;
    }
    out.push_back(s.substr(start, at - start));
    start = at + 1;
  }
}

//! An X12 decimal amount as cents; nullopt when it is not one or has more than two decimals.
std::optional<std::int64_t> Cents(std::string_view text) {
  if (text.empty()) return std::nullopt;
  bool negative = false;
  if (text.front() == '-') {
    negative = true;
    text.remove_prefix(1);
  }
  auto dot = text.find('.');
  auto whole = text.substr(0, dot);
  std::string_view frac = dot == std::string_view::npos ? std::string_view() : text.substr(dot + 1);
  if ((whole.empty() && frac.empty()) || frac.size() > 2 || whole.size() > 15) return std::nullopt;
  std::int64_t units = 0;
  for (char ch : whole) {
    if (ch < '0' || ch > '9') return std::nullopt;
    units = units * 10 + (ch - '0');
  }
  std::int64_t cents = 0;
  for (std::size_t i = 0; i < 2; ++i) {
    cents *= 10;
    if (i < frac.size()) {
      if (frac[i] < '0' || frac[i] > '9') return std::nullopt;
      cents += frac[i] - '0';
    }
  }
  const auto out = units * 100 + cents;
  return negative ? -out : out;
}

std::optional<int> Whole(std::string_view text) {
  int out = 0;
  auto dot = text.find('.');
  auto digits = text.substr(0, dot);
  auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), out);
  if (ec != std::errc() || p != digits.data() + digits.size()) return std::nullopt;
  return out;
}

//! CAS*group*reason*amount[*quantity]*reason*amount… up to six triplets.
tl::expected<std::vector<Adjustment>, X12Problem> AdjustmentsOf(const Segment& s) {
  std::vector<Adjustment> out;
  const auto group = s.at(1);
  if (group != "CO" && group != "PR" && group != "OA" && group != "PI" && group != "CR")
    return Bad(s, "CAS01 must be an adjustment group (CO, PR, OA, PI).");
  for (std::size_t i = 2; i + 1 < s.elements.size() && i <= 17; i += 3) {
    if (s.at(i).empty()) continue;
    auto amount = Cents(s.at(i + 1));
    if (!amount) return Bad(s, "An adjustment amount is not a number.");
    out.push_back({std::string(group), std::string(s.at(i)), *amount});
  }
  if (out.empty()) return Bad(s, "CAS has no reason code and amount.");
  return out;
}

std::int64_t Sum(const std::vector<Adjustment>& a) {
  std::int64_t out = 0;
  for (const auto& x : a) out += x.amount;
  return out;
}

}  // namespace

tl::expected<Remittance, X12Problem> Parse835(std::string_view file) {
  file = TrimSpace(file);
  const Segment none{1, {"ISA"}};
  if (file.size() < 106 || file.substr(0, 3) != "ISA")
    return Bad(none, "The file does not start with an ISA interchange header.");
  const char element = file[3];
  const char component = file[104];
  const char terminator = file[105];
  if (element == component || element == terminator || component == terminator)
    return Bad(none, "The ISA header's separators are not distinct.");
  std::vector<Segment> segments;
  int position = 0;
  for (auto raw : SplitView(file, terminator)) {
    raw = TrimSpace(raw);
    if (raw.empty()) continue;
    segments.push_back({++position, SplitView(raw, element)});
  }
  Remittance out;
  int interchanges = 0;
  int groups_in_interchange = 0;
  int sets_in_group = 0;
  int segments_in_set = 0;
  std::string_view isa13, gs06, st02;
  bool in_set = false;
  ClaimPayment* claim = nullptr;
  LinePayment* line = nullptr;
  bool payment_seen = false;

  auto close_claim = [&](const Segment& s) -> std::optional<X12Problem> {
    if (!claim) return std::nullopt;
    std::int64_t adjustments = Sum(claim->adjustments);
    for (const auto& l : claim->lines) {
      adjustments += Sum(l.adjustments);
      if (l.charged - Sum(l.adjustments) != l.paid)
        return X12Problem{s.position, std::string(s.id()),
                          "Claim " + claim->claim_number + ": a service line's charge less its adjustments (" +
                              X12Amount(l.charged - Sum(l.adjustments)) + ") is not what it paid (" +
                              X12Amount(l.paid) + ")."};
    }
    if (claim->charged - adjustments != claim->paid)
      return X12Problem{claim->segment, "CLP",
                        "Claim " + claim->claim_number + ": the charge less its adjustments (" +
                            X12Amount(claim->charged - adjustments) + ") is not what it paid (" +
                            X12Amount(claim->paid) + ")."};
    claim = nullptr;
    line = nullptr;
    return std::nullopt;
  };

  for (const auto& s : segments) {
    const auto id = s.id();
    if (in_set) ++segments_in_set;
    if (id == "ISA") {
      if (s.elements.size() < 17) return Bad(s, "ISA needs 16 elements.");
      isa13 = s.at(13);
      groups_in_interchange = 0;
      ++interchanges;
    } else if (id == "IEA") {
      if (s.at(2) != isa13) return Bad(s, "IEA02 does not match the interchange's ISA13.");
      if (Whole(s.at(1)) != groups_in_interchange) return Bad(s, "IEA01 does not count the functional groups.");
      isa13 = {};
    } else if (id == "GS") {
      if (isa13.empty()) return Bad(s, "GS outside an interchange.");
      if (s.at(1) != "HP") return Bad(s, "GS01 must be HP (an 835 remittance); this file is something else.");
      gs06 = s.at(6);
      sets_in_group = 0;
      ++groups_in_interchange;
    } else if (id == "GE") {
      if (s.at(2) != gs06) return Bad(s, "GE02 does not match the group's GS06.");
      if (Whole(s.at(1)) != sets_in_group) return Bad(s, "GE01 does not count the transaction sets.");
      gs06 = {};
    } else if (id == "ST") {
      if (gs06.empty()) return Bad(s, "ST outside a functional group.");
      if (s.at(1) != "835") return Bad(s, "ST01 must be 835.");
      st02 = s.at(2);
      in_set = true;
      segments_in_set = 1;
      ++sets_in_group;
    } else if (id == "SE") {
      if (!in_set) return Bad(s, "SE without ST.");
      if (auto p = close_claim(s)) return tl::unexpected(*p);
      if (s.at(2) != st02) return Bad(s, "SE02 does not match ST02.");
      if (Whole(s.at(1)) != segments_in_set)
        return Bad(
            s, "SE01 says " + std::string(s.at(1)) + " segments; the set has " + std::to_string(segments_in_set) + ".");
      in_set = false;
    } else if (!in_set) {
      return Bad(s, "A segment outside a transaction set.");
    } else if (id == "BPR") {
      auto total = Cents(s.at(2));
      if (!total) return Bad(s, "BPR02 (the total paid) is not an amount.");
      out.total_paid += *total;
      out.method = std::string(s.at(4));
      if (auto d = ParseDate(s.at(16).size() == 8
                                 ? std::string(s.at(16).substr(0, 4)) + "-" + std::string(s.at(16).substr(4, 2)) + "-" +
                                       std::string(s.at(16).substr(6, 2))
                                 : std::string()))
        out.paid_on = *d;
      payment_seen = true;
    } else if (id == "TRN") {
      out.trace_number = std::string(s.at(2));
    } else if (id == "N1") {
      if (s.at(1) == "PR") out.payer_name = std::string(s.at(2));
    } else if (id == "CLP") {
      if (auto p = close_claim(s)) return tl::unexpected(*p);
      if (!payment_seen) return Bad(s, "CLP before the BPR payment.");
      auto charged = Cents(s.at(3));
      auto paid = Cents(s.at(4));
      auto patient = s.at(5).empty() ? std::optional<std::int64_t>(0) : Cents(s.at(5));
      if (s.at(1).empty()) return Bad(s, "CLP01 (our claim number) is empty.");
      if (!charged || !paid || !patient) return Bad(s, "CLP03–CLP05 must be amounts.");
      out.claims.push_back({s.position,
                            std::string(s.at(1)),
                            std::string(s.at(2)),
                            *charged,
                            *paid,
                            *patient,
                            std::string(s.at(7)),
                            {},
                            {}});
      claim = &out.claims.back();
      line = nullptr;
    } else if (id == "SVC") {
      if (!claim) return Bad(s, "SVC outside a claim payment.");
      auto procedure = SplitView(s.at(1), component);
      auto charged = Cents(s.at(2));
      auto paid = Cents(s.at(3));
      if (procedure.size() < 2 || !charged || !paid) return Bad(s, "SVC needs a procedure, a charge and a payment.");
      LinePayment l;
      l.cpt = std::string(procedure[1]);
      for (std::size_t i = 2; i < procedure.size(); ++i) l.modifiers.emplace_back(procedure[i]);
      l.charged = *charged;
      l.paid = *paid;
      if (!s.at(5).empty()) l.units = Whole(s.at(5)).value_or(1);
      claim->lines.push_back(std::move(l));
      line = &claim->lines.back();
    } else if (id == "CAS") {
      if (!claim) return Bad(s, "CAS outside a claim payment.");
      auto adjustments = AdjustmentsOf(s);
      if (!adjustments) return tl::unexpected(adjustments.error());
      auto& into = line ? line->adjustments : claim->adjustments;
      into.insert(into.end(), adjustments->begin(), adjustments->end());
    } else if (id == "REF") {
      if (line && s.at(1) == "6R") line->line_ref = std::string(s.at(2));
    } else if (id == "PLB") {
      if (auto p = close_claim(s)) return tl::unexpected(*p);
      for (std::size_t i = 3; i + 1 < s.elements.size(); i += 2) {
        auto amount = Cents(s.at(i + 1));
        if (!amount) return Bad(s, "A PLB amount is not a number.");
        out.provider_adjustments += *amount;
      }
    }
  }
  if (in_set) return Bad(segments.back(), "The transaction set has no SE trailer.");
  if (!isa13.empty() || !gs06.empty()) return Bad(segments.back(), "The file ends inside an envelope (no GE/IEA).");
  if (interchanges == 0 || !payment_seen) return Bad(none, "The file has no 835 payment (BPR).");
  std::int64_t paid = 0;
  for (const auto& c : out.claims) paid += c.paid;
  if (paid - out.provider_adjustments != out.total_paid)
    return Bad(none, "BPR02 (" + X12Amount(out.total_paid) + ") is not the claims' payments (" + X12Amount(paid) +
                         ") less the provider adjustments (" + X12Amount(out.provider_adjustments) + ").");
  return out;
}

std::string AdjustmentMeaning(const Adjustment& a) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 27> kReasons{{
      {"1", "deductible"},
      {"2", "coinsurance"},
      {"3", "copay"},
      {"4", "the modifier is missing or does not fit the code"},
      {"5", "the place of service does not fit the code"},
      {"11", "the diagnosis does not fit the procedure"},
      {"16", "the claim lacks information the payer needs (see the remark codes)"},
      {"18", "a duplicate of a claim already processed"},
      {"22", "another payer may cover this (coordination of benefits)"},
      {"23", "what an earlier payer paid or adjusted"},
      {"27", "after the client's coverage ended"},
      {"29", "the time limit for filing has passed"},
      {"31", "the payer cannot identify the client as its insured"},
      {"45", "more than the payer's fee schedule allows"},
      {"50", "not deemed medically necessary"},
      {"96", "not covered"},
      {"97", "included in another service's payment"},
      {"109", "not covered by this payer — send it to the right one"},
      {"119", "the benefit's maximum for the period was reached"},
      {"167", "the diagnosis is not covered"},
      {"170", "not paid when this type of provider gives it"},
      {"181", "the code was not valid on the date of service"},
      {"185", "the rendering provider is not eligible for this service"},
      {"197", "prior authorization or precertification was missing"},
      {"204", "not covered under the client's benefit plan"},
      {"242", "the services were not provided by network providers"},
      {"253", "sequestration: the federal payment reduction"},
  }};
  std::string reason = "reason " + a.reason;
  for (const auto& [code, words] : kReasons)
    if (code == a.reason) reason = std::string(words);
  std::string group;
  if (a.group == "CO")
    group = "contractual: the practice writes it off, the client does not owe it";
  else if (a.group == "PR")
    group = "the client's part: billed to the client or the secondary payer";
  else if (a.group == "OA")
    group = "other adjustment";
  else if (a.group == "PI")
    group = "reduced by the payer";
  else
    group = "correction";
  return a.group + " " + a.reason + ": " + reason + " (" + group + ")";
}

}  // namespace duet::billing
