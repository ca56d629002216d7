// The PDF module (platform/module.hpp): layout by Pango, drawing by cairo, opened on the first PDF.
// https://docs.gtk.org/Pango/ (PangoLayout, line iteration) and
// https://www.cairographics.org/manual/cairo-PDF-Surfaces.html
#include "platform/module.hpp"
#include "platform/pdf.hpp"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

namespace duet::pdf {
namespace {

constexpr double kWidth = 612, kHeight = 792, kMargin = 54;  // US Letter in points, 3/4 inch margins

cairo_status_t Append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

const char* FontFor(Style s) {
  switch (s) {
    case Style::kTitle:
      return "DejaVu Sans Bold 16";
    case Style::kHeading:
      return "DejaVu Sans Bold 13";
    case Style::kSubheading:
      return "DejaVu Sans Bold 10.5";
    case Style::kText:
      return "DejaVu Serif 10";
    case Style::kSmall:
      return "DejaVu Sans 8";
  }
  return "DejaVu Serif 10";
}

double SpaceBefore(Style s) { return s == Style::kHeading ? 14 : s == Style::kSubheading ? 8 : 3; }

class Writer {
 public:
  Writer(cairo_t* cr, std::string footer) : cr_(cr), footer_(std::move(footer)), y_(kMargin) {}

  void Add(const Block& b) {
    PangoLayout* layout = pango_cairo_create_layout(cr_);
    PangoFontDescription* font = pango_font_description_from_string(FontFor(b.style));
    pango_layout_set_font_description(layout, font);
    pango_layout_set_width(layout, static_cast<int>((kWidth - 2 * kMargin) * PANGO_SCALE));
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_text(layout, b.text.c_str(), static_cast<int>(b.text.size()));
    y_ += SpaceBefore(b.style);
    // Keep a heading with at least a few lines after it.
    if ((b.style == Style::kHeading || b.style == Style::kSubheading) && y_ + 60 > Bottom()) NewPage();
    PangoLayoutIter* it = pango_layout_get_iter(layout);
    do {
      PangoRectangle logical;
      pango_layout_iter_get_line_extents(it, nullptr, &logical);
      double h = static_cast<double>(logical.height) / PANGO_SCALE;
      if (y_ + h > Bottom()) NewPage();
      double baseline = static_cast<double>(pango_layout_iter_get_baseline(it) - logical.y) / PANGO_SCALE;
      cairo_move_to(cr_, kMargin, y_ + baseline);
      pango_cairo_show_layout_line(cr_, pango_layout_iter_get_line_readonly(it));
      y_ += h;
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
    pango_font_description_free(font);
    g_object_unref(layout);
  }

  void Finish() { Footer(); }

 private:
  double Bottom() const { return kHeight - kMargin - 14; }

  void Footer() {
    PangoLayout* layout = pango_cairo_create_layout(cr_);
    PangoFontDescription* font = pango_font_description_from_string(FontFor(Style::kSmall));
    pango_layout_set_font_description(layout, font);
    std::string text = footer_ + " · page " + std::to_string(page_);
    pango_layout_set_text(layout, text.c_str(), static_cast<int>(text.size()));
    cairo_move_to(cr_, kMargin, kHeight - kMargin);
    pango_cairo_show_layout(cr_, layout);
    pango_font_description_free(font);
    g_object_unref(layout);
  }

  void NewPage() {
    Footer();
    cairo_show_page(cr_);
    ++page_;
    y_ = kMargin;
  }

  cairo_t* cr_;
  std::string footer_;
  double y_;
  int page_ = 1;
};

void Text(cairo_t* cr, const std::string& text, const char* font, double x, double y, double w) {
  PangoLayout* layout = pango_cairo_create_layout(cr);
  PangoFontDescription* desc = pango_font_description_from_string(font);
  pango_layout_set_font_description(layout, desc);
  pango_layout_set_width(layout, static_cast<int>(w * PANGO_SCALE));
  pango_layout_set_ellipsize(layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_text(layout, text.c_str(), static_cast<int>(text.size()));
  cairo_move_to(cr, x, y);
  pango_cairo_show_layout(cr, layout);
  pango_font_description_free(desc);
  g_object_unref(layout);
}

// The stream writes into `out` until the surface is finished: only then is it complete.
Result<std::string> Finish(cairo_t* cr, cairo_surface_t* surface, std::string& out) {
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  cairo_status_t status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (status != CAIRO_STATUS_SUCCESS)
    return Fail(ErrorCode::kInternal, "The PDF could not be made.", cairo_status_to_string(status));
  return std::move(out);
}

Result<std::string> LayOutForm(const std::vector<std::vector<Box>>& pages, const std::string& title) {
  std::string out;
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(Append, &out, kWidth, kHeight);
  cairo_t* cr = cairo_create(surface);
  int n = 0;
  for (const auto& page : pages) {
    ++n;
    cairo_set_source_rgb(cr, 0, 0, 0);
    Text(cr, title + (pages.size() > 1 ? " · page " + std::to_string(n) + " of " + std::to_string(pages.size()) : ""),
         "DejaVu Sans Bold 11", 36, 24, kWidth - 72);
    cairo_set_line_width(cr, 0.6);
    for (const auto& b : page) {
      if (b.heading) {
        Text(cr, b.label, "DejaVu Sans Bold 7.5", b.x, b.y, b.w);
        continue;
      }
      cairo_set_source_rgb(cr, 0.55, 0.1, 0.1);  // the form's red outlines
      cairo_rectangle(cr, b.x, b.y, b.w, b.h);
      cairo_stroke(cr);
      Text(cr, b.label, "DejaVu Sans 5.5", b.x + 2, b.y + 1.5, b.w - 4);
      cairo_set_source_rgb(cr, 0, 0, 0);
      Text(cr, b.value, "DejaVu Sans Mono 8.5", b.x + 3, b.y + b.h - 13, b.w - 6);
    }
    cairo_show_page(cr);
  }
  return Finish(cr, surface, out);
}

Result<std::string> LayOut(const std::vector<Block>& blocks, const std::string& footer) {
  std::string out;
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(Append, &out, kWidth, kHeight);
  cairo_t* cr = cairo_create(surface);
  {
    Writer w(cr, footer);
    for (const auto& b : blocks) w.Add(b);
    w.Finish();
  }
  return Finish(cr, surface, out);
}

}  // namespace
}  // namespace duet::pdf

DUET_MODULE_EXPORT const duet::module::PdfApi* duet_pdf_api() {
  static const duet::module::PdfApi api{duet::pdf::LayOut, duet::pdf::LayOutForm};
  return &api;
}
