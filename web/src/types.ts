// The server's wire types, generated from its OpenAPI document (web/openapi.json → api-schema.d.ts
// at build time by openapi-typescript). Nothing here is written by hand: a type the server changes
// changes here, and the build fails where the app's use disagrees.
import type { components } from './api-schema';

type S = components['schemas'];

export type Me = S['Me'];
export type Practice = S['Practice'];
export type User = S['User'];
export type ApiToken = S['ApiToken'];
export type Invitation = S['Invitation'];
export type InvitationPreview = S['InvitationPreview'];
export type AuditEvent = S['AuditEvent'];

export type Clinician = S['Clinician'];
export type License = S['License'];
export type Coverage = S['Coverage'];
export type CoverageList = S['CoverageList'];
export type FacilityCredential = S['FacilityCredential'];
export type ExpiringLicense = S['ExpiringLicense'];
export type Compact = S['Compact'];
export type CompactState = S['CompactState'];
export type ClientRecord = S['Client'];
export type ClientInput = S['ClientInput'];
export type Guardian = S['Guardian'];
export type Insurance = S['InsurancePolicy'];
export type Diagnosis = S['Diagnosis'];

export type Appointment = S['Appointment'];
export type BookingAnswer = S['BookingAnswer'];
export type BookingInput = S['BookingInput'];
export type VisitMode = Appointment['mode'];
export type Warning = S['Warning'];
export type Service = S['Service'];
export type Location = S['Location'];
export type Block = S['Block'];
export type BlockException = S['BlockException'];
export type Availability = S['Availability'];
export type Slot = S['Slot'];
export type HealthWeek = S['HealthWeek'];
export type WaitlistEntry = S['WaitlistView'];

export type Template = S['NoteTemplate'];
export type FieldDef = S['TemplateField'];
export type FieldType = FieldDef['type'];
export type Signature = S['Signature'];
export type NoteMeta = S['NoteSummary'];
export type NoteTask = S['NoteTask'];
export type OverdueVisit = S['OverdueVisit'];

export type Plan = S['Plan'];
export type Objective = S['PlanObjective'];
export type PlanInput = S['PlanInput'];
export type PlanVersion = S['PlanVersion'];
export type PlanHistory = S['PlanHistory'];
export type DuePlan = S['DuePlan'];

export type MeasureResults = S['MeasureResults'];
export type MeasureResult = S['MeasureResult'];
export type Observation = S['Observation'];
export type ObservationType = S['ObservationType'];
export type Alert = S['Alert'];

export type Release = S['Release'];
export type Disclosure = S['Disclosure'];
export type Document = S['Document'];
export type ConsentGap = S['ConsentGap'];

export type IceServer = S['IceServer'];
export type Ticket = S['JoinTicket'];
export type Room = S['Room'];
export type Visit = S['Visit'];
export type JoinLinkPreview = S['JoinLinkPreview'];

export type PortalHome = S['PortalHome'];
export type PortalVisit = S['PortalVisit'];
export type PortalPerson = S['PortalPerson'];
export type GuardianSees = S['GuardianSees'];
export type PortalBookingOptions = S['PortalBookingOptions'];
export type PortalService = S['PortalService'];
export type PortalSlot = S['PortalSlot'];
export type MessageThread = S['MessageThread'];
export type MessageSettings = S['MessageSettings'];
export type ConsentToSign = S['ConsentToSign'];
export type PortalForms = S['PortalForms'];
export type IntakeFilling = S['IntakeFilling'];
export type IntakeForm = S['IntakeForm'];
export type IntakeResponse = S['IntakeResponse'];
export type PortalRecords = S['PortalRecords'];
export type PublicPage = S['PublicPage'];
export type PublicPageSettings = S['PublicPageSettings'];
export type Message = S['Message'];

/** A list answer. */
export interface Page<T> {
  items: T[];
  next: string | null;
}

export type Payer = S['Payer'];
export type PayerInput = S['PayerInput'];
export type TelehealthWindow = S['TelehealthWindow'];
export type Coding = S['Coding'];
export type ChargeLine = S['ChargeLine'];
export type CodingProblem = S['CodingProblem'];
export type CodingPreviewRequest = S['CodingPreviewRequestInput'];
export type PayerEnrollment = S['PayerEnrollment'];
export type Charge = S['Charge'];
export type BillingProvider = S['BillingProvider'];
export type Claim = S['Claim'];
export type ClaimLine = S['ClaimLine'];
export type ClaimBatch = S['ClaimBatch'];
export type Remittance = S['Remittance'];
export type PostedClaim = S['PostedClaim'];
export type UnbilledVisit = S['UnbilledVisit'];
export type ClientLedger = S['ClientLedger'];
export type VisitFeePolicy = S['VisitFeePolicy'];
export type ChargeTiming = S['ChargeTiming'];
export type AgingReport = S['AgingReport'];
export type LedgerEntry = S['LedgerEntry'];
export type LedgerPayment = S['Payment'];
export type BillingSummary = S['BillingSummary'];
export type BusinessCalendar = S['BusinessCalendar'];
export type GoodFaithEstimate = S['GoodFaithEstimate'];
export type EstimateList = S['GoodFaithEstimateList'];
export type EstimateDue = S['EstimateDue'];
export type PaymentSettings = S['PaymentSettings'];
export type Checkout = S['Checkout'];
export type Invoice = S['Invoice'];
export type Bills = S['Bills'];
export type CompensationPlan = S['CompensationPlan'];
export type PayoutRun = S['PayoutRun'];
export type PayStatement = S['PayStatement'];
export type PayLine = S['PayLine'];
export type CardOnFile = S['CardOnFile'];
export type Medication = S['Medication'];
export type MedicationEvent = S['MedicationEvent'];
export type MedicationInput = S['MedicationEntryInput'];
export type CareTeam = S['CareTeam'];
export type TeamVisit = S['TeamVisit'];
export type CareTeamMemberInput = S['CareTeamMemberInput'];
export type Referral = S['Referral'];
export type Partner = S['Partner'];
export type PartnerInvitePreview = S['PartnerInvitePreview'];
export type SharedClient = S['SharedClient'];
export type TeamPartner = S['TeamPartner'];
export type PartnerVisit = S['PartnerVisit'];
