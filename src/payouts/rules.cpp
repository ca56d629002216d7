#include "payouts/rules.hpp"

#include <algorithm>
#include <set>

#include "platform/text.hpp"

namespace duet::payouts {
namespace {

std::string ModeWords(std::string_view mode) {
  return mode == "video" ? "video" : mode == "audio" ? "audio" : mode == "in_person" ? "in person" : std::string(mode);
}

//! The per-visit rate for a visit: service and mode, then service, then mode, then any.
std::optional<Rate> RateFor(const Plan& plan, const Visit& v) {
  int best = -1;
  std::optional<Rate> out;
  for (const auto& r : plan.rates) {
    if (!r.service_id.empty() && r.service_id != v.service_id) continue;
    if (!r.mode.empty() && r.mode != v.mode) continue;
    const int score = (r.service_id.empty() ? 0 : 2) + (r.mode.empty() ? 0 : 1);
    if (score > best) {
      best = score;
      out = r;
    }
  }
  return out;
}

Decision Missed(const MissedRule& m, const Visit& v, std::string_view what) {
  Decision d;
  switch (m.pay) {
    case MissedPay::kNone:
      d.rule = std::string(what) + ": not paid under the plan";
      return d;
    case MissedPay::kFixed:
      d.amount = m.amount;
      d.rule = std::string(what) + ": " + FormatDollars(m.amount) + " under the plan";
      return d;
    case MissedPay::kShareOfFee:
      d.amount = v.collected * m.percent / 100;
      d.rule = std::string(what) + ": " + std::to_string(m.percent) + "% of the " + FormatDollars(v.collected) +
               " fee collected";
      return d;
  }
  return d;
}

Line LineOf(const Visit& v, LineKind kind) {
  Line l;
  l.clinician_id = v.clinician_id;
  l.appointment_id = v.appointment_id;
  l.kind = kind;
  l.on = v.on;
  l.client_label = v.client_label;
  l.service_name = v.service_name;
  l.mode = v.mode;
  l.minutes = v.minutes;
  l.status = v.status;
  return l;
}

}  // namespace

Decision PayFor(const Plan& plan, const Visit& v) {
  if (v.status == "cancelled") return {.listed = false};
  if (v.status == "late_cancelled") return Missed(plan.late_cancel, v, "Late cancellation");
  if (v.status == "no_show") return Missed(plan.no_show, v, "No-show");
  Decision d;
  if (v.status != "completed") {
    d.held = true;
    d.why = "The visit was never marked held (check it in and complete it, or mark it missed).";
    return d;
  }
  if (plan.requires_signed_note && !v.note_signed) {
    d.held = true;
    d.why = "The progress note is not signed yet.";
    return d;
  }
  if (plan.hold_denied && v.claim_status == "denied") {
    d.held = true;
    d.why = "The claim was denied.";
    return d;
  }
  switch (plan.basis) {
    case Basis::kPerVisit: {
      if (auto r = RateFor(plan, v)) {
        d.amount = r->amount;
        d.rule = FormatDollars(r->amount) + " per visit" + (r->service_id.empty() ? "" : " of " + v.service_name) +
                 (r->mode.empty() ? " (every mode)" : " " + ModeWords(r->mode));
      } else {
        d.amount = plan.default_rate;
        d.rule = FormatDollars(plan.default_rate) + " per visit (the plan's default)";
      }
      break;
    }
    case Basis::kShare:
      d.amount = v.collected * plan.share_percent / 100;
      d.rule = std::to_string(plan.share_percent) + "% of " + FormatDollars(v.collected) + " collected";
      break;
    case Basis::kHourly:
      d.amount = plan.hourly_rate * v.minutes / 60;
      d.rule = FormatDollars(plan.hourly_rate) + " an hour × " + std::to_string(v.minutes) + " minutes";
      break;
  }
  return d;
}

std::vector<Line> StatementLines(const Plan& plan, const std::vector<Visit>& week, const std::vector<Prior>& earlier) {
  std::vector<Line> out;
  out.reserve(week.size() + earlier.size());
  for (const auto& v : week) {
    const Decision d = PayFor(plan, v);
    if (!d.listed) continue;
    Line l = LineOf(v, d.held ? LineKind::kHeld : LineKind::kVisit);
    l.rule = d.rule;
    l.amount = d.held ? 0 : d.amount;
    l.why = d.why;
    out.push_back(std::move(l));
  }
  for (const auto& p : earlier) {
    const Decision d = PayFor(plan, p.visit);
    const std::string since = " (from the week of " + FormatDate(p.week) + ")";
    std::int64_t now = d.held || !d.listed ? 0 : d.amount;
    // Unpaid so far: held, or clawed back.
    const bool unpaid = p.held || (p.paid == 0 && p.visit.status == "completed");
    // A visit paid before is paid again only as what collections change (a share plan), or clawed back
    // when it is held now (a denied claim); a change of plan does not reach back.
    if (!unpaid && !d.held && plan.basis != Basis::kShare) now = p.paid;
    const std::int64_t delta = now - p.paid;
    if (delta != 0) {
      Line l = LineOf(p.visit, LineKind::kAdjustment);
      l.amount = delta;
      l.rule = d.rule;
      l.why = unpaid      ? "Held before, paid now" + since
              : d.held    ? "Clawback: " + d.why + since
              : delta > 0 ? "More collected since" + since
                          : "Less collected since (a refund or an adjustment)" + since;
      out.push_back(std::move(l));
    } else if (d.held) {
      Line l = LineOf(p.visit, LineKind::kHeld);
      l.why = d.why + " Still held" + since + ".";
      out.push_back(std::move(l));
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const Line& a, const Line& b) { return a.on < b.on; });
  return out;
}

std::optional<std::string> CheckPlan(const Plan& plan) {
  constexpr std::int64_t kMax = 10'000'00;  // $10,000 a visit or an hour
  auto amount_ok = [&](std::int64_t a) { return a >= 0 && a <= kMax; };
  if (!amount_ok(plan.default_rate) || !amount_ok(plan.hourly_rate)) return "Amounts are between $0 and $10,000.";
  if (plan.share_percent < 0 || plan.share_percent > 100) return "A share is between 0 and 100 percent.";
  if (plan.basis == Basis::kShare && plan.share_percent == 0) return "Say what share of collections the plan pays.";
  if (plan.basis == Basis::kHourly && plan.hourly_rate == 0) return "Say the hourly rate.";
  if (plan.basis == Basis::kPerVisit && plan.rates.empty() && plan.default_rate == 0)
    return "Give a rate per visit (for a service and mode, or for every visit).";
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& r : plan.rates) {
    if (!amount_ok(r.amount)) return "Amounts are between $0 and $10,000.";
    if (!r.mode.empty() && r.mode != "in_person" && r.mode != "video" && r.mode != "audio")
      return "A rate's mode is in_person, video, audio, or empty for every mode.";
    if (!seen.emplace(r.service_id, r.mode).second) return "Each service and mode has one rate.";
  }
  for (const auto* m : {&plan.late_cancel, &plan.no_show}) {
    if (!amount_ok(m->amount)) return "Amounts are between $0 and $10,000.";
    if (m->percent < 0 || m->percent > 100) return "A share is between 0 and 100 percent.";
    if (m->pay == MissedPay::kShareOfFee && m->percent == 0) return "Say what share of the fee a missed visit pays.";
  }
  return std::nullopt;
}

Date WeekOf(Date d) {
  const int iso = static_cast<int>(date::weekday{d}.iso_encoding());
  return d - date::days{iso - 1};
}

std::string PayrollCsv(const std::vector<PayrollRow>& rows) {
  auto cell = [](const std::string& s) {
    if (s.find_first_of(",\"\n") == std::string::npos) return s;
    std::string q = "\"";
    for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
  };
  auto money = [](std::int64_t cents) {
    const bool negative = cents < 0;
    const std::int64_t a = negative ? -cents : cents;
    const auto part = a % 100;
    return (negative ? "-" : "") + std::to_string(a / 100) + (part < 10 ? ".0" : ".") + std::to_string(part);
  };
  std::string out = "clinician_id,clinician_name,npi,week,visits_paid,visits_held,adjustments,total\r\n";
  for (const auto& r : rows)
    out += cell(r.clinician_id) + "," + cell(r.clinician_name) + "," + cell(r.npi) + "," + FormatDate(r.week) + "," +
           std::to_string(r.visits_paid) + "," + std::to_string(r.visits_held) + "," + money(r.adjustments) + "," +
           money(r.total) + "\r\n";
  return out;
}

}  // namespace duet::payouts
