#pragma once
// Clinicians' pay, plain types: compensation plans as data (per visit by service and mode, a share of
// what was collected, or hourly; what late cancellations and no-shows pay; whether pay waits for the
// signed note), the weekly run with one statement per clinician, and its lines — visits paid, visits
// held back with why, and adjustments or clawbacks of earlier weeks. Amounts in integer cents.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "platform/clock.hpp"
#include "platform/dates.hpp"
#include "platform/names.hpp"

namespace duet::payouts {

enum class Basis { kPerVisit, kShare, kHourly };
constexpr auto NamesOf(const Basis*) {
  using P = std::pair<Basis, std::string_view>;
  return std::array{P{Basis::kPerVisit, "per_visit"}, P{Basis::kShare, "share"}, P{Basis::kHourly, "hourly"}};
}

//! A per-visit rate: for one service and one mode, one service in any mode, one mode of any service, or
//! anything (empty fields match all). The most specific match wins.
struct Rate {
  std::string service_id;
  std::string mode;  // in_person | video | audio | "" (every mode: the same pay whatever the session type)
  std::int64_t amount = 0;
};

//! What a late cancellation or a no-show pays the clinician.
enum class MissedPay { kNone, kFixed, kShareOfFee };
constexpr auto NamesOf(const MissedPay*) {
  using P = std::pair<MissedPay, std::string_view>;
  return std::array{P{MissedPay::kNone, "none"}, P{MissedPay::kFixed, "fixed"},
                    P{MissedPay::kShareOfFee, "share_of_fee"}};
}
struct MissedRule {
  MissedPay pay = MissedPay::kNone;
  std::int64_t amount = 0;  // fixed
  int percent = 0;          // share_of_fee: of what was collected on the fee
};

struct Plan {
  std::string clinician_id;
  Basis basis = Basis::kPerVisit;
  std::vector<Rate> rates;
  std::int64_t default_rate = 0;  // per visit, when no rate matches
  int share_percent = 0;          // share: of what was collected on the visit
  std::int64_t hourly_rate = 0;   // hourly: cents per hour of the visit's minutes
  MissedRule late_cancel;
  MissedRule no_show;
  bool requires_signed_note = true;  // a visit is paid once its progress note is signed
  bool hold_denied = true;           // a visit whose claim was denied is held (and clawed back if paid)
  EpochSeconds updated_at = 0;
  std::string updated_by;
};

//! What the rule needs to know about one visit.
struct Visit {
  std::string appointment_id;
  std::string clinician_id;
  std::string client_label;  // initials only: statements and payroll files carry no client names
  std::string service_id;
  std::string service_name;
  std::string mode;
  Date on{};
  int minutes = 0;
  std::string status;  // completed, late_cancelled, no_show, or not marked (booked, checked_in …)
  bool note_signed = false;
  std::string claim_status;    // the latest claim's, or ""
  std::int64_t collected = 0;  // paid on the visit's charges (client and payers), net of refunds
};

enum class LineKind { kVisit, kHeld, kAdjustment };
constexpr auto NamesOf(const LineKind*) {
  using P = std::pair<LineKind, std::string_view>;
  return std::array{P{LineKind::kVisit, "visit"}, P{LineKind::kHeld, "held"}, P{LineKind::kAdjustment, "adjustment"}};
}

//! One line of a clinician's statement.
struct Line {
  std::string id;
  std::string run_id;
  std::string clinician_id;
  std::string appointment_id;
  LineKind kind = LineKind::kVisit;
  Date on{};
  std::string client_label;
  std::string service_name;
  std::string mode;
  int minutes = 0;
  std::string status;
  std::string rule;  // the rule applied, in words
  std::int64_t amount = 0;
  std::string why;  // held back, or what an adjustment corrects
  // A question the clinician asked about the line, and the owner's answer.
  std::string question;
  EpochSeconds asked_at = 0;
  std::string asked_by;
  std::string answer;
  EpochSeconds answered_at = 0;
  std::string answered_by;
};

//! One clinician's week.
struct Statement {
  std::string run_id;
  Date week{};
  std::string run_status;
  std::string clinician_id;
  std::string clinician_name;
  std::vector<Line> lines;
  std::int64_t total = 0;
  int visits_paid = 0;
  int visits_held = 0;
};

enum class RunStatus { kDraft, kClosed };
constexpr auto NamesOf(const RunStatus*) {
  using P = std::pair<RunStatus, std::string_view>;
  return std::array{P{RunStatus::kDraft, "draft"}, P{RunStatus::kClosed, "closed"}};
}

//! A week's payout run (Monday to Sunday in the practice's zone).
struct Run {
  std::string id;
  Date week{};  // the Monday
  RunStatus status = RunStatus::kDraft;
  std::int64_t total = 0;
  int clinicians = 0;
  int questions_open = 0;
  std::vector<std::string> without_plan;  // clinicians with visits that week and no plan
  EpochSeconds created_at = 0;
  std::string created_by;
  EpochSeconds closed_at = 0;
  std::string closed_by;
  std::vector<Statement> statements;
};

//! A visit of an earlier week already on a closed statement: what was paid for it so far.
struct Prior {
  Visit visit;
  std::int64_t paid = 0;
  bool held = false;  // its last line held it
  Date week{};        // the week it was first on
};

}  // namespace duet::payouts
