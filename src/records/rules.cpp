#include "records/rules.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <set>

#include "platform/dates.hpp"
#include "practice/rules.hpp"

namespace duet::records {
namespace {

const std::set<std::string_view> kInstruments = {"phq9", "gad7"};

bool Offered(const FieldDef& f, const std::string& value) {
  for (const auto& o : f.options)
    if (o == value) return true;
  return false;
}

bool Empty(const FieldDef& f, const FieldValue& v) {
  switch (f.type) {
    case FieldType::kText:
    case FieldType::kChoice:
    case FieldType::kDate:
      return v.text.empty();
    case FieldType::kNumber:
    case FieldType::kScale:
      return !v.number.has_value();
    case FieldType::kMultiChoice:
    case FieldType::kDiagnosis:
    case FieldType::kMeasure:
      return v.items.empty();
    case FieldType::kTable:
      return v.rows.empty();
  }
  return true;
}

}  // namespace

std::optional<FieldType> ParseFieldType(std::string_view name) { return ParseName<FieldType>(name); }

std::string_view FieldTypeName(FieldType type) { return NameOf(type); }

std::string_view NoteKindName(NoteKind kind) { return NameOf(kind); }

std::optional<NoteKind> ParseNoteKind(std::string_view name) { return ParseName<NoteKind>(name); }

std::vector<practice::FieldIssue> ValidateTemplate(const Template& t) {
  std::vector<practice::FieldIssue> out;
  if (t.key.empty()) out.push_back({"key", "A template needs a key."});
  if (t.name.empty()) out.push_back({"name", "A template needs a name."});
  if (t.version < 1) out.push_back({"version", "Versions start at 1."});
  if (t.sections.empty()) out.push_back({"sections", "A template needs at least one section."});
  std::set<std::string> sections;
  for (const auto& s : t.sections) {
    const std::string where = "sections." + s.id;
    if (s.id.empty() || !sections.insert(s.id).second)
      out.push_back({where, "Section ids must be present and unique."});
    if (s.fields.empty()) out.push_back({where, "A section needs at least one field."});
    std::set<std::string> fields;
    for (const auto& f : s.fields) {
      const std::string at = where + "." + f.id;
      if (f.id.empty() || f.id.find('.') != std::string::npos || !fields.insert(f.id).second)
        out.push_back({at, "Field ids must be present, unique in their section, and without dots."});
      if (f.label.empty()) out.push_back({at, "A field needs a label."});
      if ((f.type == FieldType::kChoice || f.type == FieldType::kMultiChoice) && f.options.empty())
        out.push_back({at, "A choice needs options."});
      if (f.type == FieldType::kTable && f.columns.empty()) out.push_back({at, "A table needs columns."});
      if (f.type == FieldType::kScale && !(f.min < f.max)) out.push_back({at, "A scale needs min below max."});
      if (!f.shown_if.empty()) {
        // The condition names an earlier choice field of this template and one of its options.
        const FieldDef* on = nullptr;
        bool before = true;
        for (const auto& ps : t.sections)
          for (const auto& pf : ps.fields) {
            if (&pf == &f) before = false;
            if (before && ps.id + "." + pf.id == f.shown_if) on = &pf;
          }
        if (!on || (on->type != FieldType::kChoice && on->type != FieldType::kMultiChoice))
          out.push_back({at, "A condition names an earlier choice field (section.field)."});
        else if (!Offered(*on, f.shown_value))
          out.push_back({at, "A condition's value is one of that field's options."});
      }
      if (f.type == FieldType::kMeasure) {
        if (f.instruments.empty()) out.push_back({at, "A measure embed names its instruments."});
        for (const auto& i : f.instruments)
          if (!kInstruments.count(i)) out.push_back({at, "Unknown instrument: " + i + "."});
      }
    }
  }
  return out;
}

bool FieldShown(const FieldDef& f, const Content& content) {
  if (f.shown_if.empty()) return true;
  auto it = content.find(f.shown_if);
  if (it == content.end()) return false;
  if (it->second.text == f.shown_value) return true;
  return std::find(it->second.items.begin(), it->second.items.end(), f.shown_value) != it->second.items.end();
}

void DropHidden(const Template& t, Content& content) {
  // In order: a field hidden by an earlier one's answer hides the fields that depend on it too.
  for (const auto& s : t.sections)
    for (const auto& f : s.fields)
      if (!FieldShown(f, content)) content.erase(s.id + "." + f.id);
}

std::vector<practice::FieldIssue> ValidateContent(const Template& t, const Content& content, bool for_signing) {
  std::vector<practice::FieldIssue> out;
  std::set<std::string> known;
  for (const auto& s : t.sections) {
    for (const auto& f : s.fields) {
      const std::string name = s.id + "." + f.id;
      known.insert(name);
      auto it = content.find(name);
      if (it == content.end() || Empty(f, it->second)) {
        if (for_signing && f.required && FieldShown(f, content))
          out.push_back({name, f.label + " is required before signing."});
        continue;
      }
      const FieldValue& v = it->second;
      switch (f.type) {
        case FieldType::kText:
          if (v.text.size() > 100'000) out.push_back({name, "Too long (100,000 characters at most)."});
          break;
        case FieldType::kChoice:
          if (!Offered(f, v.text)) out.push_back({name, "Choose one of the options offered."});
          break;
        case FieldType::kMultiChoice:
          for (const auto& item : v.items)
            if (!Offered(f, item)) {
              out.push_back({name, "\"" + item + "\" is not one of the options offered."});
              break;
            }
          break;
        case FieldType::kDate:
          if (!ParseDate(v.text)) out.push_back({name, "Give a date as YYYY-MM-DD."});
          break;
        case FieldType::kNumber:
          if (!std::isfinite(*v.number)) out.push_back({name, "Give a number."});
          break;
        case FieldType::kScale:
          if (!std::isfinite(*v.number) || *v.number < f.min || *v.number > f.max)
            out.push_back({name, "Give a value from " + std::to_string(static_cast<int>(f.min)) + " to " +
                                     std::to_string(static_cast<int>(f.max)) + "."});
          break;
        case FieldType::kTable:
          for (const auto& row : v.rows)
            if (row.size() != f.columns.size()) {
              out.push_back({name, "Each row has " + std::to_string(f.columns.size()) + " cells."});
              break;
            }
          break;
        case FieldType::kDiagnosis:
          for (const auto& code : v.items)
            if (!practice::IsIcd10Shape(code)) {
              out.push_back({name, "\"" + code + "\" is not an ICD-10-CM code."});
              break;
            }
          break;
        case FieldType::kMeasure:
          break;  // ids of measure responses; the service checks they exist
      }
    }
  }
  for (const auto& [name, value] : content)
    if (!known.count(name)) out.push_back({name, "This template has no such field."});
  return out;
}

NoteAccess DecideNoteAccess(Role role, practice::ClientView view, bool is_author, bool supervises_author,
                            const TeamConsent& team, const Note& note) {
  NoteAccess a;
  if (note.kind == NoteKind::kPsychotherapy) {
    // Separate from the chart: not the supervisor, not the owner, not anyone but the author.
    if (is_author) a = {true, note.status == NoteStatus::kDraft, note.status == NoteStatus::kSigned, false};
    return a;
  }
  const bool clinical = role == Role::kOwner || role == Role::kClinician || role == Role::kSupervisor;
  // Another member of the team reads what its author signed, when the client agreed the team share notes.
  const bool colleague = note.status == NoteStatus::kSigned && team.notes && (!note.part2 || team.part2);
  a.read =
      clinical &&
      (is_author || (view == practice::ClientView::kFull && (role == Role::kOwner || supervises_author || colleague)));
  if (!a.read) return a;
  a.edit = is_author && note.status == NoteStatus::kDraft;
  a.addend = note.status == NoteStatus::kSigned;
  a.cosign = supervises_author && note.status == NoteStatus::kSigned && note.cosign_required && !note.cosignature;
  return a;
}

Status MayChange(const Note& note) {
  if (note.status != NoteStatus::kDraft)
    return FailRule("locked", "This note is signed and locked; add an addendum instead.");
  return {};
}

Status MaySign(const Note& note) {
  if (note.status != NoteStatus::kDraft) return FailRule("locked", "This note is already signed.");
  return {};
}

Status MayCosign(const Note& note) {
  if (note.status != NoteStatus::kSigned) return FailRule("cosign", "A note is co-signed after its author signs it.");
  if (!note.cosign_required) return FailRule("cosign", "This note does not need a co-signature.");
  if (note.cosignature) return FailRule("cosign", "This note is already co-signed.");
  return {};
}

std::optional<int> HoursOverdue(EpochSeconds visit_end, EpochSeconds now, int allowed_hours) {
  EpochSeconds due = visit_end + static_cast<EpochSeconds>(allowed_hours) * 3600;
  if (now <= due) return std::nullopt;
  return static_cast<int>((now - due) / 3600);
}

Status KeepsKind(std::optional<NoteKind> first_kind, NoteKind requested) {
  if (!first_kind || *first_kind == requested) return {};
  return FailRule(
      "template_kind",
      *first_kind == NoteKind::kPsychotherapy
          ? "A psychotherapy note template stays a psychotherapy note template. Copy it to make a progress-note "
            "template."
          : "A progress-note template stays a progress-note template. Copy it to make a psychotherapy note template.");
}

}  // namespace duet::records
