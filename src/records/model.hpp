#pragma once
// The clinical record: note templates (data, versioned), notes with their visit facts, signatures,
// co-signatures and addenda. Psychotherapy notes are a separate kind that only their author reads.
#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "platform/clock.hpp"
#include "platform/names.hpp"

namespace duet::records {

enum class FieldType { kText, kChoice, kMultiChoice, kNumber, kDate, kScale, kTable, kDiagnosis, kMeasure };
constexpr auto NamesOf(const FieldType*) {
  using P = std::pair<FieldType, std::string_view>;
  return std::array{P{FieldType::kText, "text"},
                    P{FieldType::kChoice, "choice"},
                    P{FieldType::kMultiChoice, "multi_choice"},
                    P{FieldType::kNumber, "number"},
                    P{FieldType::kDate, "date"},
                    P{FieldType::kScale, "scale"},
                    P{FieldType::kTable, "table"},
                    P{FieldType::kDiagnosis, "diagnosis"},
                    P{FieldType::kMeasure, "measure"}};
}

//! One typed field of a template section.
struct FieldDef {
  std::string id;
  std::string label;
  FieldType type = FieldType::kText;
  bool required = false;
  std::vector<std::string> options;      // choice, multi-choice
  std::vector<std::string> columns;      // table
  std::vector<std::string> instruments;  // measure embeds (phq9, gad7)
  double min = 0;                        // scale
  double max = 10;
  // Shown (and required) only while an earlier choice field ("section.field") has this value, or a multi-choice
  // includes it. Empty: always shown.
  std::string shown_if;
  std::string shown_value;
};

struct SectionDef {
  std::string id;
  std::string title;
  std::vector<FieldDef> fields;
};

//! Progress-type notes are part of the chart; psychotherapy notes never are (HIPAA 45 CFR 164.501).
enum class NoteKind { kProgress, kPsychotherapy };
constexpr auto NamesOf(const NoteKind*) {
  using P = std::pair<NoteKind, std::string_view>;
  return std::array{P{NoteKind::kProgress, "progress"}, P{NoteKind::kPsychotherapy, "psychotherapy"}};
}

//! A note template: a versioned definition of sections and typed fields. Built-in templates have no
//! practice; a practice's copies carry its id. Notes keep the version they were written with.
struct Template {
  std::string key;
  int version = 1;
  std::string practice_id;  // empty for built-in
  NoteKind kind = NoteKind::kProgress;
  std::string name;
  std::vector<std::string> disciplines;
  std::vector<SectionDef> sections;
};

//! A field's value as written (which members are used depends on the field's type).
struct FieldValue {
  std::string text;                            // text, choice, date (YYYY-MM-DD)
  std::optional<double> number;                // number, scale
  std::vector<std::string> items;              // multi-choice, diagnosis codes, measure response ids
  std::vector<std::vector<std::string>> rows;  // table
};

//! A note's content: "section.field" → value.
using Content = std::map<std::string, FieldValue>;

enum class NoteStatus { kDraft, kSigned };
constexpr auto NamesOf(const NoteStatus*) {
  using P = std::pair<NoteStatus, std::string_view>;
  return std::array{P{NoteStatus::kDraft, "draft"}, P{NoteStatus::kSigned, "signed"}};
}

//! Who signed what, when: the hash covers the note's id, template, content and visit facts.
struct Signature {
  std::string user_id;
  std::string name;
  EpochSeconds at = 0;
  std::string hash;
};

//! A note as stored (content already opened from its encryption).
struct Note {
  std::string id;
  std::string practice_id;
  std::string client_id;
  std::string appointment_id;  // empty for notes not tied to a visit
  std::string author_user_id;
  std::string author_name;
  NoteKind kind = NoteKind::kProgress;
  std::string template_key;
  int template_version = 1;
  NoteStatus status = NoteStatus::kDraft;
  std::string content_json;  // the content as JSON text
  std::string visit_json;    // the visit facts pre-filled when the note was started
  EpochSeconds created_at = 0;
  EpochSeconds updated_at = 0;
  std::int64_t version = 1;
  std::optional<Signature> signature;
  bool cosign_required = false;
  std::optional<Signature> cosignature;
  bool part2 = false;  // a substance-use-disorder record (42 CFR Part 2)
  bool joint = false;  // the joint clinician's note of a joint visit (their part: scheduling::JointPart)
};

//! What the client agreed the care team share among its members: signed progress notes, and of those the
//! substance-use-disorder (Part 2) ones only when the agreement names Part 2.
struct TeamConsent {
  bool notes = false;
  bool part2 = false;
};

//! Text added to a signed note; signed by its author when written.
struct Addendum {
  std::string id;
  std::string note_id;
  std::string author_user_id;
  std::string author_name;
  std::string text;
  EpochSeconds created_at = 0;
  std::string hash;
};

//! What may be done with a note by a principal.
struct NoteAccess {
  bool read = false;
  bool edit = false;    // change a draft, sign it
  bool addend = false;  // add an addendum to a signed note
  bool cosign = false;  // co-sign as the author's supervisor
};

//! A visit that is over without a signed note, for the overdue list.
struct OverdueVisit {
  std::string appointment_id;
  std::string client_id;
  std::string clinician_id;
  EpochSeconds end = 0;
  int hours_overdue = 0;
  std::string note_id;  // a draft, if one was started
  std::string client_name;
  std::string mode;
  EpochSeconds start = 0;
};

//! One line of a clinician's note work: a visit to write up, a draft to finish, a note to co-sign.
struct NoteTask {
  std::string kind;  // "write" | "draft" | "cosign"
  std::string client_id;
  std::string client_name;
  std::string appointment_id;  // empty for notes not tied to a visit
  std::string note_id;         // empty for "write"
  std::string template_key;
  std::string author_name;  // for "cosign"
  std::string mode;         // the visit's mode, when there is a visit
  EpochSeconds visit_start = 0;
  EpochSeconds since = 0;            // visit end ("write"), draft started ("draft"), signed ("cosign")
  std::optional<int> hours_overdue;  // past the practice's allowance
};

}  // namespace duet::records
