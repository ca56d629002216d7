#pragma once
// Readable PDF documents from plain blocks of text (headings, paragraphs), laid out by Pango and
// drawn by cairo onto US Letter pages with wrapping, page breaks and page numbers. Text is set as
// plain text (never markup), so whatever a record holds is shown as written.
#include <string>
#include <vector>

#include "platform/result.hpp"

namespace duet::pdf {

enum class Style { kTitle, kHeading, kSubheading, kText, kSmall };

struct Block {
  Style style = Style::kText;
  std::string text;
};

//! The PDF bytes; `footer` is printed on every page with "page N".
Result<std::string> Render(const std::vector<Block>& blocks, const std::string& footer);

}  // namespace duet::pdf
