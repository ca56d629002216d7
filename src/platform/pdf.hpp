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

//! A labelled box of a form, in points from the page's top left (a claim form's numbered items).
struct Box {
  double x = 0, y = 0, w = 0, h = 0;
  std::string label;     // small, at the box's top left ("1a. INSURED'S I.D. NUMBER")
  std::string value;     // the entry, under the label; cut to the box's width
  bool heading = false;  // a band's title: no outline, bold
};

//! A form: each page a set of boxes under a title line. US Letter, vector outlines.
Result<std::string> RenderForm(const std::vector<std::vector<Box>>& pages, const std::string& title);

}  // namespace duet::pdf
