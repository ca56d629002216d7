// Every registered route × every role: the expected allow/deny grid. A new route fails this test
// until a row for it is added here (and its action to platform/policy.cpp).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>

#include "app/app.hpp"
#include "platform/openapi.hpp"

namespace duet {
namespace {

using Roles = std::set<Role>;
const Roles kAll = {Role::kOwner, Role::kClinician, Role::kSupervisor, Role::kBiller, Role::kFrontDesk, Role::kClient};
const Roles kStaff = {Role::kOwner, Role::kClinician, Role::kSupervisor, Role::kBiller, Role::kFrontDesk};
const Roles kOwner = {Role::kOwner};
const Roles kOwnerClinician = {Role::kOwner, Role::kClinician};
const Roles kClientWriters = {Role::kOwner, Role::kClinician, Role::kSupervisor, Role::kFrontDesk};

const std::map<std::string, Roles>& ExpectedGrid() {
  static const std::map<std::string, Roles> grid = {
      {"GET /healthz", kAll},
      {"GET /readyz", kAll},
      {"GET /metrics", kAll},
      {"GET /api/v1/openapi.json", kAll},
      {"POST /api/v1/auth/login", kAll},
      {"POST /api/v1/auth/logout", kAll},
      {"GET /api/v1/me", kAll},
      {"POST /api/v1/auth/mfa/enroll", kAll},
      {"POST /api/v1/auth/mfa/confirm", kAll},
      {"GET /api/v1/practice", kStaff},
      {"PATCH /api/v1/practice", kOwner},
      {"GET /api/v1/users", kOwner},
      {"GET /api/v1/notes/work", {Role::kOwner, Role::kClinician, Role::kSupervisor}},
      {"PATCH /api/v1/users/{id}", kOwner},
      {"POST /api/v1/users/{id}/mfa-reset", kOwner},
      {"POST /api/v1/invitations", kOwner},
      {"GET /api/v1/invitations", kOwner},
      {"POST /api/v1/invitations/{id}/revoke", kOwner},
      {"POST /api/v1/invitations/preview", kAll},
      {"POST /api/v1/invitations/accept", kAll},
      {"GET /api/v1/audit", kOwner},
      {"GET /api/v1/clinicians", kStaff},
      {"POST /api/v1/clinicians", kOwner},
      {"GET /api/v1/clinicians/{id}", kStaff},
      {"PATCH /api/v1/clinicians/{id}", kOwner},
      {"GET /api/v1/clinicians/{id}/licenses", kStaff},
      {"POST /api/v1/clinicians/{id}/licenses", kOwnerClinician},
      {"DELETE /api/v1/clinicians/{id}/licenses/{license_id}", kOwnerClinician},
      {"GET /api/v1/clinicians/{id}/coverage", kStaff},
      {"GET /api/v1/clinicians/{id}/credentials", kStaff},
      {"POST /api/v1/clinicians/{id}/credentials", kOwnerClinician},
      {"DELETE /api/v1/clinicians/{id}/credentials/{credential_id}", kOwnerClinician},
      {"GET /api/v1/compacts", kStaff},
      {"PUT /api/v1/compacts/{compact}/states/{state}", kOwner},
      {"GET /api/v1/licenses/expiring", {Role::kOwner, Role::kClinician, Role::kSupervisor}},
      {"GET /api/v1/clients", kStaff},
      {"POST /api/v1/clients", kClientWriters},
      {"GET /api/v1/clients/{id}", kStaff},
      {"PATCH /api/v1/clients/{id}", kClientWriters},
      {"GET /api/v1/locations", kStaff},
      {"POST /api/v1/locations", kOwner},
      {"GET /api/v1/services", kStaff},
      {"POST /api/v1/services", kOwner},
      {"PUT /api/v1/services/{id}/client-booking", kOwner},
      {"GET /api/v1/clinicians/{id}/availability", kStaff},
      {"PUT /api/v1/clinicians/{id}/availability", kClientWriters},
      {"POST /api/v1/appointments", kClientWriters},
      {"GET /api/v1/appointments", kStaff},
      {"GET /api/v1/appointments/{id}", kStaff},
      {"GET /api/v1/slots", kStaff},
      {"PATCH /api/v1/appointments/{id}", kClientWriters},
      {"PUT /api/v1/appointments/{id}/joint", kClientWriters},
      {"POST /api/v1/appointments/{id}/cancel", kClientWriters},
      {"POST /api/v1/appointments/{id}/no-show", kClientWriters},
      {"POST /api/v1/appointments/{id}/check-in", kClientWriters},
      {"POST /api/v1/appointments/{id}/confirm", kClientWriters},
      {"POST /api/v1/appointments/{id}/complete", kClientWriters},
      {"POST /api/v1/appointments/{id}/approve", kClientWriters},
      {"POST /api/v1/appointments/{id}/decline", kClientWriters},
      {"GET /api/v1/portal-settings", kStaff},
      {"PUT /api/v1/portal-settings", {Role::kOwner}},
      {"GET /api/v1/clinicians/{id}/schedule-health", {Role::kOwner, Role::kClinician, Role::kSupervisor}},
      {"GET /api/v1/clinicians/{id}/calendar-feed", kStaff},
      {"POST /api/v1/clinicians/{id}/calendar-feed", kClientWriters},
      {"DELETE /api/v1/clinicians/{id}/calendar-feed", kClientWriters},
      {"GET /api/v1/clinicians/{id}/calendar.ics", kAll},
      {"GET /api/v1/telehealth/links/{token}", kAll},
      {"POST /api/v1/telehealth/links/{token}/enter", kAll},
      {"GET /api/v1/waitlist", {Role::kOwner, Role::kFrontDesk}},
      {"POST /api/v1/waitlist", {Role::kOwner, Role::kFrontDesk}},
      {"DELETE /api/v1/waitlist/{id}", {Role::kOwner, Role::kFrontDesk}},
      {"POST /api/v1/appointments/{id}/telehealth/join", {Role::kOwner, Role::kClinician, Role::kSupervisor}},
      {"POST /api/v1/appointments/{id}/telehealth/links",
       {Role::kOwner, Role::kClinician, Role::kSupervisor, Role::kFrontDesk}},
      {"GET /api/v1/telehealth/rooms", {Role::kOwner, Role::kClinician, Role::kSupervisor}},
      {"GET /api/v1/portal/me", {Role::kClient}},
      {"GET /api/v1/api-tokens", {Role::kOwner}},
      {"POST /api/v1/api-tokens", {Role::kOwner}},
      {"POST /api/v1/api-tokens/{id}/revoke", {Role::kOwner}},
      {"GET /api/v1/consents/missing", kStaff},
      {"POST /api/v1/portal/accept", kAll},
      {"POST /api/v1/clients/{id}/portal-invitation",
       {Role::kOwner, Role::kClinician, Role::kSupervisor, Role::kFrontDesk}},
      {"POST /api/v1/portal/appointments/{id}/join", {Role::kClient}},
      {"GET /api/v1/clients/{id}/portal-accounts",
       {Role::kOwner, Role::kClinician, Role::kSupervisor, Role::kFrontDesk}},
      {"PUT /api/v1/clients/{id}/guardians/{user_id}",
       {Role::kOwner, Role::kClinician, Role::kSupervisor, Role::kFrontDesk}},
      {"DELETE /api/v1/clients/{id}/guardians/{user_id}",
       {Role::kOwner, Role::kClinician, Role::kSupervisor, Role::kFrontDesk}},
      {"PUT /api/v1/portal/acting-for", {Role::kClient}},
      {"PUT /api/v1/portal/language", {Role::kClient}},
      {"GET /api/v1/intake-forms", kStaff},
      {"GET /api/v1/message-settings", kStaff},
      {"PUT /api/v1/message-settings", {Role::kOwner}},
      {"GET /api/v1/portal/message-settings", {Role::kClient}},
      {"PUT /api/v1/intake-forms/{key}", {Role::kOwner}},
      {"POST /api/v1/clients/{id}/intake-forms", kClientWriters},
      {"GET /api/v1/clients/{id}/intake-responses", kStaff},
      {"POST /api/v1/portal/intake-forms/{key}/start", {Role::kClient}},
      {"GET /api/v1/portal/intake-responses/{id}", {Role::kClient}},
      {"PUT /api/v1/portal/intake-responses/{id}", {Role::kClient}},
      {"POST /api/v1/portal/intake-responses/{id}/submit", {Role::kClient}},
      {"POST /api/v1/auth/sign-in-link", kAll},
      {"POST /api/v1/auth/sign-in-link/redeem", kAll},
      {"POST /api/v1/portal/links", {Role::kClient}},
      {"GET /api/v1/portal/booking", {Role::kClient}},
      {"GET /api/v1/portal/forms", {Role::kClient}},
      {"GET /api/v1/portal/records", {Role::kClient}},
      {"GET /api/v1/public-page", kOwner},
      {"PUT /api/v1/public-page", kOwner},
      {"GET /api/v1/public/{slug}", kAll},
      {"GET /api/v1/public/{slug}/slots", kAll},
      {"POST /api/v1/public/{slug}/intake-requests", kAll},
      {"POST /api/v1/portal/record-requests", {Role::kClient}},
      {"GET /api/v1/portal/documents/{id}", {Role::kClient}},
      {"GET /api/v1/record-requests", {Role::kOwner, Role::kClinician, Role::kSupervisor}},
      {"POST /api/v1/record-requests/{id}/deliver", {Role::kOwner, Role::kClinician, Role::kSupervisor}},
      {"PUT /api/v1/documents/{id}/sharing", {Role::kOwner, Role::kClinician, Role::kSupervisor}},
      {"PUT /api/v1/documents/{id}/part2", {Role::kOwner, Role::kClinician, Role::kSupervisor}},
      {"POST /api/v1/portal/consents/{kind}/sign", {Role::kClient}},
      {"POST /api/v1/portal/questionnaires/{id}/link", {Role::kClient}},
      {"GET /api/v1/portal/slots", {Role::kClient}},
      {"POST /api/v1/portal/appointments", {Role::kClient}},
      {"POST /api/v1/portal/appointments/{id}/reschedule", {Role::kClient}},
      {"POST /api/v1/portal/appointments/{id}/cancel", {Role::kClient}},
      {"GET /api/v1/portal/threads", {Role::kClient}},
      {"POST /api/v1/portal/threads", {Role::kClient}},
      {"GET /api/v1/portal/threads/{id}", {Role::kClient}},
      {"POST /api/v1/portal/threads/{id}/messages", {Role::kClient}},
      {"GET /api/v1/portal/threads/{id}/messages/{message_id}/attachment", {Role::kClient}},
      {"GET /api/v1/threads", kStaff},
      {"GET /api/v1/threads/unread", kStaff},
      {"POST /api/v1/clients/{id}/threads", kStaff},
      {"GET /api/v1/threads/{id}", kStaff},
      {"POST /api/v1/threads/{id}/messages", kStaff},
      {"POST /api/v1/threads/{id}/close", kStaff},
      {"POST /api/v1/threads/{id}/reopen", kStaff},
      {"PUT /api/v1/threads/{id}/assignee", kStaff},
      {"POST /api/v1/threads/{id}/file", {Role::kOwner, Role::kClinician, Role::kSupervisor}},
      {"GET /api/v1/threads/{id}/messages/{message_id}/attachment", kStaff},
      {"GET /api/v1/clients/{id}/record.pdf", {Role::kOwner, Role::kClinician, Role::kSupervisor}},
      {"GET /api/v1/clients/{id}/documents", {Role::kOwner, Role::kClinician, Role::kSupervisor}},
      {"POST /api/v1/clients/{id}/documents", {Role::kOwner, Role::kClinician, Role::kSupervisor}},
      {"POST /api/v1/clients/{id}/consents", {Role::kOwner, Role::kClinician, Role::kSupervisor}},
      {"GET /api/v1/documents/{id}/content", {Role::kOwner, Role::kClinician, Role::kSupervisor}},
      {"GET /api/v1/clients/{id}/plans", {Role::kOwner, Role::kClinician, Role::kSupervisor}},
      {"POST /api/v1/clients/{id}/plans", {Role::kOwner, Role::kClinician, Role::kSupervisor}},
      {"POST /api/v1/clients/{id}/plans/{version}/sign", {Role::kOwner, Role::kClinician, Role::kSupervisor}},
      {"GET /api/v1/plans/due", {Role::kOwner, Role::kClinician, Role::kSupervisor}},
      {"GET /api/v1/payers", kStaff},
      {"POST /api/v1/payers", {Role::kOwner, Role::kBiller}},
      {"GET /api/v1/payers/{id}", kStaff},
      {"PATCH /api/v1/payers/{id}", {Role::kOwner, Role::kBiller}},
      {"GET /api/v1/clinicians/{id}/payers", kStaff},
      {"PUT /api/v1/clinicians/{id}/payers/{payer_id}", {Role::kOwner, Role::kBiller}},
      {"GET /api/v1/charges", {Role::kOwner, Role::kBiller}},
      {"GET /api/v1/appointments/{id}/charge", {Role::kOwner, Role::kBiller}},
      {"PATCH /api/v1/charges/{id}", {Role::kOwner, Role::kBiller}},
      {"POST /api/v1/claims/batches", {Role::kOwner, Role::kBiller}},
      {"GET /api/v1/claims/batches", {Role::kOwner, Role::kBiller}},
      {"GET /api/v1/claims/batches/{id}/x12", {Role::kOwner, Role::kBiller}},
      {"POST /api/v1/claims/batches/{id}/sent", {Role::kOwner, Role::kBiller}},
      {"GET /api/v1/claims", {Role::kOwner, Role::kBiller}},
      {"GET /api/v1/claims/{id}", {Role::kOwner, Role::kBiller}},
      {"POST /api/v1/claims/{id}/status", {Role::kOwner, Role::kBiller}},
      {"POST /api/v1/claims/{id}/replace", {Role::kOwner, Role::kBiller}},
      {"POST /api/v1/claims/{id}/void", {Role::kOwner, Role::kBiller}},
      {"POST /api/v1/remittances", {Role::kOwner, Role::kBiller}},
      {"GET /api/v1/remittances", {Role::kOwner, Role::kBiller}},
      {"GET /api/v1/billing/unbilled", {Role::kOwner, Role::kBiller}},
      {"GET /api/v1/billing/summary", {Role::kOwner, Role::kBiller}},
      {"GET /api/v1/claims/{id}/cms1500.pdf", {Role::kOwner, Role::kBiller}},
      {"GET /api/v1/clients/{id}/ledger", {Role::kOwner, Role::kBiller, Role::kFrontDesk}},
      {"GET /api/v1/ledger/aging", {Role::kOwner, Role::kBiller, Role::kFrontDesk}},
      {"GET /api/v1/clients/{id}/superbill.pdf", {Role::kOwner, Role::kBiller, Role::kFrontDesk}},
      {"POST /api/v1/payments", {Role::kOwner, Role::kBiller, Role::kFrontDesk}},
      {"POST /api/v1/payments/{id}/refund", {Role::kOwner, Role::kBiller, Role::kFrontDesk}},
      {"POST /api/v1/clients/{id}/adjustments", {Role::kOwner, Role::kBiller, Role::kFrontDesk}},
      {"GET /api/v1/billing/visit-fees", kStaff},
      {"GET /api/v1/clinicians/{id}/compensation", {Role::kOwner, Role::kBiller, Role::kClinician, Role::kSupervisor}},
      {"PUT /api/v1/clinicians/{id}/compensation", {Role::kOwner, Role::kBiller}},
      {"POST /api/v1/payouts/runs", {Role::kOwner, Role::kBiller}},
      {"GET /api/v1/payouts/runs", {Role::kOwner, Role::kBiller}},
      {"GET /api/v1/payouts/runs/{id}", {Role::kOwner, Role::kBiller}},
      {"POST /api/v1/payouts/runs/{id}/close", {Role::kOwner, Role::kBiller}},
      {"GET /api/v1/payouts/runs/{id}/payroll.csv", {Role::kOwner, Role::kBiller}},
      {"GET /api/v1/payouts/statements", {Role::kOwner, Role::kBiller, Role::kClinician, Role::kSupervisor}},
      {"POST /api/v1/payouts/lines/{id}/question", {Role::kClinician, Role::kSupervisor}},
      {"POST /api/v1/payouts/lines/{id}/answer", {Role::kOwner, Role::kBiller}},
      {"POST /api/v1/payments/webhooks/stripe", kAll},
      {"GET /api/v1/billing/payment-processor", kStaff},
      {"PUT /api/v1/billing/payment-processor", {Role::kOwner}},
      {"POST /api/v1/clients/{id}/checkout", {Role::kOwner, Role::kBiller, Role::kFrontDesk}},
      {"POST /api/v1/clients/{id}/card-on-file", {Role::kOwner, Role::kBiller, Role::kFrontDesk}},
      {"GET /api/v1/clients/{id}/card-on-file", {Role::kOwner, Role::kBiller, Role::kFrontDesk}},
      {"DELETE /api/v1/clients/{id}/card-on-file", {Role::kOwner, Role::kBiller, Role::kFrontDesk}},
      {"POST /api/v1/clients/{id}/card-on-file/charge", {Role::kOwner, Role::kBiller, Role::kFrontDesk}},
      {"POST /api/v1/portal/card-on-file", {Role::kClient}},
      {"DELETE /api/v1/portal/card-on-file", {Role::kClient}},
      {"POST /api/v1/clients/{id}/invoices", {Role::kOwner, Role::kBiller, Role::kFrontDesk}},
      {"GET /api/v1/clients/{id}/invoices", {Role::kOwner, Role::kBiller, Role::kFrontDesk}},
      {"GET /api/v1/invoices/{id}/pdf", {Role::kOwner, Role::kBiller, Role::kFrontDesk}},
      {"GET /api/v1/clients/{id}/statement.pdf", {Role::kOwner, Role::kBiller, Role::kFrontDesk}},
      {"GET /api/v1/portal/bills", {Role::kClient}},
      {"GET /api/v1/portal/estimates", {Role::kClient}},
      {"GET /api/v1/portal/estimates/{id}/pdf", {Role::kClient}},
      {"POST /api/v1/portal/checkout", {Role::kClient}},
      {"GET /api/v1/portal/invoices/{id}/pdf", {Role::kClient}},
      {"GET /api/v1/portal/statement.pdf", {Role::kClient}},
      {"GET /api/v1/billing/business-calendar", kStaff},
      {"PUT /api/v1/billing/business-calendar", {Role::kOwner, Role::kBiller}},
      {"GET /api/v1/good-faith-estimates", {Role::kOwner, Role::kBiller, Role::kFrontDesk}},
      {"POST /api/v1/good-faith-estimates", {Role::kOwner, Role::kBiller, Role::kFrontDesk}},
      {"POST /api/v1/good-faith-estimates/requests", {Role::kOwner, Role::kBiller, Role::kFrontDesk}},
      {"GET /api/v1/good-faith-estimates/{id}", {Role::kOwner, Role::kBiller, Role::kFrontDesk}},
      {"GET /api/v1/good-faith-estimates/{id}/pdf", {Role::kOwner, Role::kBiller, Role::kFrontDesk}},
      {"GET /api/v1/billing/charge-timing", kStaff},
      {"PUT /api/v1/billing/charge-timing", {Role::kOwner, Role::kBiller}},
      {"PUT /api/v1/billing/visit-fees", {Role::kOwner, Role::kBiller}},
      {"GET /api/v1/billing/provider", kStaff},
      {"PUT /api/v1/billing/provider", {Role::kOwner, Role::kBiller}},
      {"POST /api/v1/coding/preview", {Role::kOwner, Role::kClinician, Role::kSupervisor, Role::kBiller}},
      {"GET /api/v1/clients/{id}/releases", {Role::kOwner, Role::kClinician, Role::kSupervisor}},
      {"POST /api/v1/clients/{id}/releases", {Role::kOwner, Role::kClinician, Role::kSupervisor}},
      {"POST /api/v1/clients/{id}/releases/{release_id}/revoke", {Role::kOwner, Role::kClinician, Role::kSupervisor}},
      {"POST /api/v1/clients/{id}/releases/{release_id}/package", {Role::kOwner, Role::kClinician, Role::kSupervisor}},
      {"GET /api/v1/clients/{id}/medications", {Role::kOwner, Role::kClinician, Role::kSupervisor}},
      {"POST /api/v1/clients/{id}/medications", {Role::kOwner, Role::kClinician, Role::kSupervisor}},
      {"PUT /api/v1/clients/{id}/medications/{medication_id}", {Role::kOwner, Role::kClinician, Role::kSupervisor}},
      {"POST /api/v1/clients/{id}/medications/{medication_id}/stop",
       {Role::kOwner, Role::kClinician, Role::kSupervisor}},
      {"POST /api/v1/clients/{id}/medications/{medication_id}/observations",
       {Role::kOwner, Role::kClinician, Role::kSupervisor}},
      {"GET /api/v1/clients/{id}/threads",
       {Role::kOwner, Role::kClinician, Role::kSupervisor, Role::kBiller, Role::kFrontDesk}},
      {"GET /api/v1/clients/{id}/care-team",
       {Role::kOwner, Role::kClinician, Role::kSupervisor, Role::kBiller, Role::kFrontDesk}},
      {"PUT /api/v1/clients/{id}/care-team", {Role::kOwner, Role::kClinician, Role::kSupervisor, Role::kFrontDesk}},
      {"GET /api/v1/partners", {Role::kOwner, Role::kClinician, Role::kSupervisor, Role::kFrontDesk}},
      {"POST /api/v1/partners", {Role::kOwner}},
      {"POST /api/v1/partners/connect", {Role::kOwner}},
      {"POST /api/v1/partners/join/preview", kAll},
      {"POST /api/v1/partners/join", kAll},
      {"GET /api/v1/partners/visits", {Role::kOwner, Role::kClinician, Role::kSupervisor}},
      {"POST /api/v1/partners/visits/{id}/join", {Role::kOwner, Role::kClinician, Role::kSupervisor}},
      {"GET /api/v1/partners/{id}/clients", {Role::kOwner, Role::kClinician, Role::kSupervisor}},
      {"GET /api/v1/partners/{id}/clients/{client_id}/record", {Role::kOwner, Role::kClinician, Role::kSupervisor}},
      {"GET /api/v1/partners/{id}/clients/{client_id}/threads", {Role::kOwner, Role::kClinician, Role::kSupervisor}},
      {"GET /api/v1/partners/{id}/clients/{client_id}/threads/{thread_id}",
       {Role::kOwner, Role::kClinician, Role::kSupervisor}},
      {"POST /api/v1/partners/{id}/clients/{client_id}/threads/{thread_id}/messages",
       {Role::kOwner, Role::kClinician, Role::kSupervisor}},
      {"GET /api/v1/referrals", {Role::kOwner, Role::kClinician, Role::kSupervisor, Role::kFrontDesk}},
      {"POST /api/v1/referrals", {Role::kOwner, Role::kClinician, Role::kSupervisor}},
      {"GET /api/v1/referrals/{referral_id}", {Role::kOwner, Role::kClinician, Role::kSupervisor, Role::kFrontDesk}},
      {"GET /api/v1/referrals/{referral_id}/attachments/{document_id}",
       {Role::kOwner, Role::kClinician, Role::kSupervisor}},
      {"POST /api/v1/referrals/{referral_id}/accept", {Role::kOwner, Role::kClinician, Role::kSupervisor}},
      {"POST /api/v1/referrals/{referral_id}/decline", {Role::kOwner, Role::kClinician, Role::kSupervisor}},
      {"POST /api/v1/referrals/{referral_id}/answer", {Role::kOwner, Role::kClinician, Role::kSupervisor}},
      {"GET /api/v1/clients/{id}/disclosures", {Role::kOwner, Role::kClinician, Role::kSupervisor}},
      {"POST /api/v1/clients/{id}/measures", {Role::kOwner, Role::kClinician, Role::kSupervisor}},
      {"POST /api/v1/clients/{id}/measures/responses", {Role::kOwner, Role::kClinician, Role::kSupervisor}},
      {"GET /api/v1/clients/{id}/measures", {Role::kOwner, Role::kClinician, Role::kSupervisor}},
      {"GET /api/v1/observation-types", {Role::kOwner, Role::kClinician, Role::kSupervisor}},
      {"POST /api/v1/clients/{id}/observations", {Role::kOwner, Role::kClinician, Role::kSupervisor}},
      {"GET /api/v1/clients/{id}/observations", {Role::kOwner, Role::kClinician, Role::kSupervisor}},
      {"POST /api/v1/clients/{id}/observations/{observation_id}/void",
       {Role::kOwner, Role::kClinician, Role::kSupervisor}},
      {"GET /api/v1/measures/links/{token}", kAll},
      {"POST /api/v1/measures/links/{token}", kAll},
      {"GET /api/v1/alerts", {Role::kOwner, Role::kClinician, Role::kSupervisor}},
      {"POST /api/v1/alerts/{id}/acknowledge", {Role::kOwner, Role::kClinician, Role::kSupervisor}},
      {"GET /api/v1/note-templates", {Role::kOwner, Role::kClinician, Role::kSupervisor}},
      {"GET /api/v1/note-templates/{key}", {Role::kOwner, Role::kClinician, Role::kSupervisor}},
      {"POST /api/v1/note-templates", {Role::kOwner, Role::kClinician, Role::kSupervisor}},
      {"GET /api/v1/notes", {Role::kOwner, Role::kClinician, Role::kSupervisor}},
      {"POST /api/v1/notes", {Role::kOwner, Role::kClinician, Role::kSupervisor}},
      {"GET /api/v1/notes/overdue", {Role::kOwner, Role::kClinician, Role::kSupervisor}},
      {"GET /api/v1/notes/{id}", {Role::kOwner, Role::kClinician, Role::kSupervisor}},
      {"PUT /api/v1/notes/{id}", {Role::kOwner, Role::kClinician, Role::kSupervisor}},
      {"POST /api/v1/notes/{id}/sign", {Role::kOwner, Role::kClinician, Role::kSupervisor}},
      {"POST /api/v1/notes/{id}/cosign", {Role::kOwner, Role::kClinician, Role::kSupervisor}},
      {"PUT /api/v1/notes/{id}/part2", {Role::kOwner, Role::kClinician, Role::kSupervisor}},
      {"POST /api/v1/notes/{id}/addenda", {Role::kOwner, Role::kClinician, Role::kSupervisor}},
      {"GET /api/v1/record-settings", {Role::kOwner}},
      {"PUT /api/v1/record-settings", {Role::kOwner}},
      {"GET /api/v1/appointments/{id}/visit", kStaff},
  };
  return grid;
}

class PolicyGrid : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("duet-grid-" + std::to_string(::getpid()));
    app::Config config;
    config.var_dir = dir_.string();
    config.database = "sqlite:" + (dir_ / "grid.db").string();
    auto created = app::App::Create(config, clock_);
    ASSERT_TRUE(created) << created.error().internal_detail;
    app_ = std::move(*created);
  }
  void TearDown() override {
    app_.reset();
    std::filesystem::remove_all(dir_);
  }
  SystemClock clock_;
  std::filesystem::path dir_;
  std::unique_ptr<app::App> app_;
};

TEST_F(PolicyGrid, EveryRouteWithEveryRoleMatchesTheExpectedGrid) {
  std::set<std::string> seen;
  for (const auto& route : app_->router().routes()) {
    std::string key = route.method + " " + route.pattern;
    seen.insert(key);
    auto it = ExpectedGrid().find(key);
    ASSERT_NE(it, ExpectedGrid().end()) << key << " has no row in the expected policy grid";
    for (Role role : AllRoles()) {
      SCOPED_TRACE(key + " as " + std::string(RoleName(role)));
      EXPECT_EQ(Allows(role, route.action), it->second.count(role) == 1);
    }
  }
  for (const auto& [key, _] : ExpectedGrid()) EXPECT_TRUE(seen.count(key)) << key << " is expected but not registered";
}

TEST_F(PolicyGrid, OpenApiListsEveryRegisteredRoute) {
  auto doc = OpenApiDocument(app_->router(), "test");
  EXPECT_EQ(doc["openapi"], "3.1.0");
  for (const auto& route : app_->router().routes()) {
    std::string method = route.method;
    for (auto& ch : method) ch = static_cast<char>(std::tolower(ch));
    EXPECT_TRUE(doc["paths"].contains(route.pattern) && doc["paths"][route.pattern].contains(method))
        << route.method << " " << route.pattern << " is missing from openapi.json";
  }
}

// Decisions services used to make by hand, now rows of the table: on anyone's record, or on one's own.
TEST(Policy, DecidesOnOnesOwnRecordFromTheTable) {
  struct Row {
    const char* action;
    Role role;
    bool on_anyones;
    bool on_own;
  } rows[] = {
      {"schedule.manage", Role::kOwner, true, true},           {"schedule.manage", Role::kFrontDesk, true, true},
      {"schedule.manage", Role::kClinician, false, true},      {"schedule.manage", Role::kSupervisor, false, true},
      {"schedule.manage", Role::kBiller, false, false},        {"schedule.manage", Role::kClient, false, false},
      {"schedule.health.read", Role::kOwner, true, true},      {"schedule.health.read", Role::kSupervisor, true, true},
      {"schedule.health.read", Role::kClinician, false, true}, {"schedule.health.read", Role::kFrontDesk, false, false},
      {"schedule.health.read", Role::kBiller, false, false},   {"waitlist.manage", Role::kFrontDesk, true, true},
      {"waitlist.manage", Role::kClinician, false, false},
  };
  for (const auto& r : rows) {
    SCOPED_TRACE(std::string(r.action) + " " + std::string(RoleName(r.role)));
    EXPECT_EQ(AllowsOn(r.role, r.action, false), r.on_anyones);
    EXPECT_EQ(AllowsOn(r.role, r.action, true), r.on_own);
  }
}

TEST(Policy, ListsWhatEachRoleMayDoForTheWeb) {
  auto has = [](Role role, const std::string& action) {
    auto all = ActionsFor(role);
    return std::find(all.begin(), all.end(), action) != all.end();
  };
  EXPECT_TRUE(has(Role::kFrontDesk, "waitlist.manage"));
  EXPECT_FALSE(has(Role::kClinician, "waitlist.manage"));
  EXPECT_TRUE(has(Role::kClinician, "schedule.manage:own"));
  EXPECT_FALSE(has(Role::kClinician, "schedule.manage"));
  EXPECT_TRUE(has(Role::kOwner, "schedule.manage"));
  EXPECT_TRUE(has(Role::kClient, "portal.self"));
  EXPECT_FALSE(has(Role::kClient, "clients.read"));
  for (Role role : AllRoles()) {
    EXPECT_FALSE(has(role, std::string(kPublicAction)));
    EXPECT_FALSE(has(role, std::string(kSessionAction)));
  }
}

TEST(Policy, UnknownActionsAreDenied) {
  for (Role role : AllRoles()) EXPECT_FALSE(Allows(role, "clients.delete_everything"));
}

}  // namespace
}  // namespace duet
