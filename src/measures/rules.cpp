#include "measures/rules.hpp"

#include <array>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <string>

namespace duet::measures {
namespace {

// PHQ-9: 0-4 minimal, 5-9 mild, 10-14 moderate, 15-19 moderately severe, 20-27 severe; item 9 is safety.
// GAD-7: 0-4 minimal, 5-9 mild, 10-14 moderate, 15-21 severe.
const std::array<Instrument, 2> kInstruments = {
    Instrument{
        "phq9",
        "PHQ-9",
        9,
        3,
        {{0, 4, "minimal"}, {5, 9, "mild"}, {10, 14, "moderate"}, {15, 19, "moderately severe"}, {20, 27, "severe"}},
        9},
    Instrument{"gad7", "GAD-7", 7, 3, {{0, 4, "minimal"}, {5, 9, "mild"}, {10, 14, "moderate"}, {15, 21, "severe"}}, 0},
};

}  // namespace

const Instrument* FindInstrument(std::string_view key) {
  for (const auto& i : kInstruments)
    if (i.key == key) return &i;
  return nullptr;
}

std::string_view BandOf(const Instrument& instrument, int total) {
  for (const auto& b : instrument.bands)
    if (total >= b.min && total <= b.max) return b.label;
  return "";
}

Result<Score> ScoreAnswers(const Instrument& instrument, std::span<const int> answers) {
  if (static_cast<int>(answers.size()) != instrument.items)
    return FailRule("incomplete", "Answer all " + std::to_string(instrument.items) + " questions.");
  Score s;
  for (std::size_t i = 0; i < answers.size(); ++i) {
    if (answers[i] < 0 || answers[i] > instrument.max_per_item)
      return Fail(ErrorCode::kInvalid, "Question " + std::to_string(i + 1) + " needs one of the answers offered.", {},
                  "answers[" + std::to_string(i) + "]");
    s.total += answers[i];
  }
  s.band = std::string(BandOf(instrument, s.total));
  s.safety_flag = instrument.safety_item > 0 && answers[instrument.safety_item - 1] > 0;
  return s;
}

// ---- objective measures ----

std::optional<double> GradeValue(std::string_view grade) {
  if (grade.empty() || grade.size() > 2 || grade[0] < '0' || grade[0] > '5') return std::nullopt;
  double base = grade[0] - '0';
  if (grade.size() == 1) return base;
  // Kendall's grades: 0 has no +/-, 5 may be "5-" but not "5+".
  if (grade[1] == '+' && base >= 1 && base <= 4) return base + 1.0 / 3;
  if (grade[1] == '-' && base >= 2 && base <= 5) return base - 1.0 / 3;
  return std::nullopt;
}

std::vector<practice::FieldIssue> ValidateObservation(const ObservationType* type, const ObservationInput& in,
                                                      Date today, const std::string& at) {
  std::vector<practice::FieldIssue> out;
  auto field = [&](const char* name) { return at.empty() ? std::string(name) : at + "." + name; };
  if (!type) {
    out.push_back({field("code"), "Choose a measure from the list."});
    return out;
  }
  const bool side_known = in.side == "left" || in.side == "right" || in.side == "bilateral";
  if (type->sided && in.side.empty())
    out.push_back({field("side"), "Say which side: left, right or bilateral."});
  else if (!in.side.empty() && !side_known)
    out.push_back({field("side"), "left, right or bilateral."});
  if (type->unit == "grade") {
    if (in.value) out.push_back({field("value"), "A muscle test takes a grade, not a number."});
    if (in.grade.empty())
      out.push_back({field("grade"), "Give the grade (0 to 5, with + or -)."});
    else if (!GradeValue(in.grade))
      out.push_back({field("grade"), "A grade from 0 to 5, such as 3+ or 4-."});
  } else {
    if (!in.grade.empty()) out.push_back({field("grade"), "Only muscle tests take a grade."});
    auto bounds = [&] {
      auto num = [](double d) {
        std::string s = std::to_string(d);
        s.erase(s.find_last_not_of('0') + 1);
        if (!s.empty() && s.back() == '.') s.pop_back();
        return s;
      };
      return "Between " + num(type->min) + " and " + num(type->max) + " " + type->unit + ".";
    };
    if (!in.value)
      out.push_back({field("value"), "Give the result in " + type->unit + "."});
    else if (!std::isfinite(*in.value) || *in.value < type->min || *in.value > type->max)
      out.push_back({field("value"), bounds()});
  }
  if (in.observed_on && *in.observed_on > today) out.push_back({field("observed_on"), "Not a date in the future."});
  if (in.comment.size() > 2000) out.push_back({field("comment"), "At most 2,000 characters."});
  return out;
}

double GraphedValue(const ObservationType& type, const ObservationInput& in) {
  if (type.unit == "grade") return GradeValue(in.grade).value_or(0);
  return in.value.value_or(0);
}

std::optional<double> ReadQuantity(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    char ch = text[i];
    bool negative = ch == '-' && i + 1 < text.size() && std::isdigit(static_cast<unsigned char>(text[i + 1])) &&
                    (i == 0 || text[i - 1] == ' ' || text[i - 1] == '(');
    if (!std::isdigit(static_cast<unsigned char>(ch)) && !negative) continue;
    // A number glued to a name ("PHQ-9", "GAD7") is part of the name, not a quantity.
    auto alpha = [&](std::size_t k) { return std::isalpha(static_cast<unsigned char>(text[k])) != 0; };
    if (i > 0 && (alpha(i - 1) || (text[i - 1] == '-' && i > 1 && alpha(i - 2)))) {
      while (i + 1 < text.size() && (std::isdigit(static_cast<unsigned char>(text[i + 1])) || text[i + 1] == '.')) ++i;
      continue;
    }
    std::string number(text.substr(i, text.find_first_not_of("0123456789.", i + 1) - i));
    char* end = nullptr;
    double v = std::strtod(number.c_str(), &end);
    if (end == number.c_str()) continue;
    std::size_t after = i + static_cast<std::size_t>(end - number.c_str());
    // "4+/5" and "3-" are muscle grades: the sign right after a single digit is a third.
    if (number.size() == 1 && after < text.size() && (text[after] == '+' || text[after] == '-') &&
        (after + 1 == text.size() || !std::isdigit(static_cast<unsigned char>(text[after + 1]))))
      return GradeValue(std::string_view(text.data() + i, 2));
    return v;
  }
  return std::nullopt;
}

Progress ObjectiveProgress(std::string_view baseline, std::string_view target, std::span<const double> values,
                           Better better) {
  Progress p;
  p.baseline = ReadQuantity(baseline);
  p.target = ReadQuantity(target);
  if (!values.empty()) p.latest = values.back();
  if (!p.target || !p.latest) return p;
  bool higher = better == Better::kHigher;
  if (p.baseline && *p.baseline != *p.target) higher = *p.target > *p.baseline;
  constexpr double kEpsilon = 1e-9;  // grades are thirds; 4.333 reaches a "4+" target
  p.met = higher ? *p.latest >= *p.target - kEpsilon : *p.latest <= *p.target + kEpsilon;
  if (p.baseline && *p.baseline != *p.target)
    p.fraction = (*p.latest - *p.baseline) / (*p.target - *p.baseline) + 0.0;  // no -0
  return p;
}

}  // namespace duet::measures
