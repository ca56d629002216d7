// The front of the PDF module (platform/module.hpp): Pango and cairo are mapped on the first PDF.
#include "platform/pdf.hpp"

#include "platform/module.hpp"

namespace duet::pdf {

Result<std::string> Render(const std::vector<Block>& blocks, const std::string& footer) {
  auto api = module::Pdf();
  if (!api) return tl::unexpected(api.error());
  return (*api)->render(blocks, footer);
}

Result<std::string> RenderForm(const std::vector<std::vector<Box>>& pages, const std::string& title) {
  auto api = module::Pdf();
  if (!api) return tl::unexpected(api.error());
  return (*api)->render_form(pages, title);
}

}  // namespace duet::pdf
