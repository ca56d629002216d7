#pragma once
// The rules of the record: what a template may contain, what a note's content must be to be saved
// or signed, who may read, change, sign, add to and co-sign a note, and when a note is overdue.
#include <optional>
#include <string_view>
#include <vector>

#include "platform/policy.hpp"
#include "platform/result.hpp"
#include "practice/model.hpp"
#include "records/model.hpp"

namespace duet::records {

std::optional<FieldType> ParseFieldType(std::string_view name);
std::string_view FieldTypeName(FieldType type);
std::string_view NoteKindName(NoteKind kind);
std::optional<NoteKind> ParseNoteKind(std::string_view name);

//! Every problem with a template definition: section and field ids unique and present, choices with
//! options, tables with columns, scales with min < max, measure embeds naming known instruments.
std::vector<practice::FieldIssue> ValidateTemplate(const Template& t);

//! A template key keeps the kind of its first version: a new kind is a new key (rule `template_kind`).
//! Psychotherapy notes stay apart from the record (45 CFR 164.501) only if no later version can
//! turn their template into a progress-note one, nor a progress template into a private one.
Status KeepsKind(std::optional<NoteKind> first_kind, NoteKind requested);

//! Whether a field is shown for this content: always, or while the field its condition names has the value.
bool FieldShown(const FieldDef& f, const Content& content);
//! Removes the values of fields not shown (a condition answered the other way meanwhile).
void DropHidden(const Template& t, Content& content);

//! Every problem with content written against a template (field names "section.field"): unknown
//! fields, values of the wrong shape, choices not offered, scale values out of range, dates that are
//! not dates, table rows of the wrong width, diagnosis codes not shaped like ICD-10-CM. With
//! `for_signing`, required fields that are shown must be filled as well (a draft may be incomplete).
std::vector<practice::FieldIssue> ValidateContent(const Template& t, const Content& content, bool for_signing);

//! Who may do what with a note. Progress notes: read by their author, the author's supervisor and the owner
//! (who may see the full chart); by the client's other care team members only once signed and only when the
//! client agreed that the team share notes (`team_shares_notes`); edited and signed only by their author
//! while a draft; addenda by whoever may read it once signed; co-signed by the author's supervisor when
//! required. Psychotherapy notes: their author alone, for everything, whatever the client agreed.
//! A Part 2 note reaches another member only when the agreement also names Part 2.
NoteAccess DecideNoteAccess(Role role, practice::ClientView view, bool is_author, bool supervises_author,
                            const TeamConsent& team, const Note& note);

//! A draft may change; a signed note is locked (rule `locked`).
Status MayChange(const Note& note);
//! A draft may be signed once its required fields are filled (checked by the caller with
//! ValidateContent(…, true)); a signed note cannot be signed again (rule `locked`).
Status MaySign(const Note& note);
//! Co-signing needs a signed note that requires it and has none yet (rule `cosign`).
Status MayCosign(const Note& note);

//! Whole hours a visit that ended at `visit_end` is overdue for a signed note, given the practice's
//! allowance in hours; nullopt while still within it.
std::optional<int> HoursOverdue(EpochSeconds visit_end, EpochSeconds now, int allowed_hours);

}  // namespace duet::records
