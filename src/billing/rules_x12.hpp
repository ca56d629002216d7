#pragma once
// X12 for insurance billing, pure: the 837P claim file (005010X222A1) written from claims, and the 835
// remittance (005010X221A1) read into plain types with its balancing checked. Facts and sources:
// ../shared/reference/x12.md. Tests read the 837P back with an independent parser (node-x12).
#include <string>
#include <string_view>
#include <vector>

#include "billing/model.hpp"
#include "platform/clock.hpp"
#include "platform/result.hpp"

namespace duet::billing {

//! The envelope of one claim file.
struct Interchange {
  std::string sender_id;    // ISA06 / GS02 / the submitter's NM109
  std::string receiver_id;  // ISA08 / GS03 / the receiver's NM109
  std::string receiver_name;
  std::int64_t control_number = 1;  // ISA13 (9 digits), GS06, and the batch reference
  EpochSeconds at = 0;              // when the file was made (UTC)
  bool test = false;                // ISA15 T
};

//! The 837P file of the claims, one transaction set with one billing provider. The claims must be
//! ready to claim (ClaimFileProblems is empty).
std::string Write837P(const Interchange& envelope, const BillingProvider& provider, const std::vector<Claim>& claims);

//! What stops these claims from going into a file, in words (provider details, diagnoses, lines …).
std::vector<std::string> ClaimFileProblems(const Interchange& envelope, const BillingProvider& provider,
                                           const std::vector<Claim>& claims);

//! Where an 835 is malformed: the segment's position (1-based) and id, and why.
struct X12Problem {
  int segment = 0;
  std::string segment_id;
  std::string reason;
};

//! Reads an 835: envelopes, control numbers and counts, the payment, each claim payment with its
//! lines and adjustments; refuses a file whose amounts do not balance (line, claim and payment).
tl::expected<Remittance, X12Problem> Parse835(std::string_view file);

//! An adjustment's group and reason code in plain words ("PR 2: coinsurance — the client's part").
std::string AdjustmentMeaning(const Adjustment& a);

//! Cents as an X12 decimal amount (15050 → "150.5", 15000 → "150").
std::string X12Amount(std::int64_t cents);

}  // namespace duet::billing
