#pragma once
// The directory's pure rules: licensure where the client is, validation of clinicians, licenses
// and clients, who sees which part of a chart, and license expiry warnings.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "platform/policy.hpp"
#include "platform/result.hpp"
#include "platform/text.hpp"
#include "practice/model.hpp"

namespace duet::practice {

std::optional<Discipline> ParseDiscipline(std::string_view name);
std::string_view DisciplineName(Discipline d);
std::optional<LicenseKind> ParseLicenseKind(std::string_view name);
std::string_view LicenseKindName(LicenseKind k);
std::optional<LicenseStatus> ParseLicenseStatus(std::string_view name);
std::string_view LicenseStatusName(LicenseStatus s);
std::optional<ClientStatus> ParseClientStatus(std::string_view name);
std::string_view ClientStatusName(ClientStatus s);
std::optional<Mode> ParseMode(std::string_view name);
std::string_view BasisName(Basis b);
std::string_view ReasonName(Reason r);

//! Parses the compact reference data (data/compact_definitions.csv and data/compacts.csv).
Result<CompactTable> ParseCompactData(std::string_view definitions_csv, std::string_view states_csv);
//! Splits one CSV line (RFC 4180 quoting).
std::vector<std::string> SplitCsvLine(std::string_view line);

//! May the clinician practise in `state` on `on` in this mode? Practice happens where the client
//! is at the time of the visit (compacts.md §1): a license there, or a compact privilege,
//! multistate license or authorization that is active, for the clinician's profession, backed by
//! an active home-state license, in states where the compact is operational on that date.
Coverage MayPractice(const LicensureFacts& facts, const CompactTable& compacts, std::string_view state, Date on,
                     Mode mode);
//! MayPractice for the 50 states and DC, in code order.
std::vector<Coverage> CoverageForAllStates(const LicensureFacts& facts, const CompactTable& compacts, Date on,
                                           Mode mode);

//! True for a 10-digit NPI whose check digit is right (Luhn over "80840" + the first nine digits;
//! CMS NPI check digit standard).
bool IsValidNpi(std::string_view npi);
//! True for an ICD-10-CM code shape: letter, digit, alphanumeric, then optionally "." and 1–4 more.
bool IsIcd10Shape(std::string_view code);
//! A US phone number as +1 and ten digits, or nullopt.
std::optional<std::string> NormalizePhone(std::string_view phone);
//! True for an IANA time zone the system database knows.
bool IsValidTimeZone(std::string_view zone);

//! The 400 for a list of field problems: each field named; `message` overrides the summary (one
//! problem: its own message; several: how many).
tl::unexpected<Error> InvalidFields(const std::vector<FieldIssue>& issues, std::string message = {});

//! Every problem with a client record (today bounds the date of birth).
std::vector<FieldIssue> ValidateClient(const Client& client, Date today);
//! Fills what a client record may leave out: a policy's subscriber is the client ("self"), and its
//! priority follows its place in the list (primary, then secondary).
void FillClientDefaults(Client& client);
//! Every problem with a clinician record.
std::vector<FieldIssue> ValidateClinician(const Clinician& clinician);
//! Every problem with a license or privilege record.
std::vector<FieldIssue> ValidateLicense(const License& license, const CompactTable& compacts);

//! Which part of a client's chart a role with this relationship may see. Deny unless related:
//! clinicians see their own clients, supervisors their supervisees' clients, the owner all;
//! front desk sees demographics, billers demographics and billing; a client sees only themself.
ClientView DecideClientView(Role role, const ClientRelationship& relationship);
//! True if the role with this relationship may change the client record.
bool MayEditClient(Role role, const ClientRelationship& relationship);

//! True when today is within the member's dates (both ends included).
bool IsActiveMember(const CareTeamMember& member, Date today);
//! The part a clinician added to a client's team without one takes, by discipline: prescribers (psychiatry,
//! psychiatric NPs) prescribe, OT/PT/SLP rehabilitate, others are the primary clinician unless the team
//! already has one (then therapist).
TeamRole DefaultTeamRole(Discipline discipline, bool team_has_primary);
//! Every problem with a care team as it would be saved: each clinician once, dates in order, at most one
//! primary member whose dates reach today or later.
std::vector<FieldIssue> ValidateCareTeam(const std::vector<CareTeamMember>& members, Date today);

//! The warning step (90, 60 or 30 days) a license expiring on `expires` is in today, or nullopt
//! when it is more than 90 days away or already expired.
std::optional<int> ExpiryWarningStep(Date expires, Date today);

//! Lower-cased ASCII words of the client's names, for prefix search.
std::vector<std::string> SearchTokens(const Client& client);
//! The digits of a phone number, reversed (so "ends with" becomes an indexable prefix).
std::string ReversedDigits(std::string_view phone);

//! True when the link lets its account see that part of the client's pages: the client's own account sees
//! all of them; a guardian the parts the practice allows (and always the home page).
bool GuardianMaySee(const PortalLink& link, PortalArea area);
//! Which of an account's links a request is about: the session's choice while it is still one of them, else
//! the account's own record, else the first client in its care; none when the account has no links.
std::optional<std::size_t> ChoosePortalLink(const std::vector<PortalLink>& links, std::string_view acting);

}  // namespace duet::practice
