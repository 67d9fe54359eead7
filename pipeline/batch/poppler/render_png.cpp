// The preview renderer, built as a module of its own (libsatzwerk_preview.so)
// that `satzwerk batch --preview` loads on demand: linking poppler into the
// tool would cost every run ~3 ms of start-up for a feature few runs use.
// One C entry point, so that the tool needs no poppler headers.
#include <poppler-document.h>
#include <poppler-image.h>
#include <poppler-page-renderer.h>
#include <poppler-page.h>

#include <cstddef>
#include <memory>

// Renders page 1 of the PDF bytes at dpi and saves it as PNG at png_path.
// Returns 1 on success, 0 on failure. Not thread-safe (poppler's global state):
// the caller serialises calls.
extern "C" int satzwerk_render_png(const char* pdf, std::size_t size, const char* png_path, double dpi) {
  try {
    // load_from_raw_data copies nothing it does not need; the bytes outlive the document.
    std::unique_ptr<poppler::document> doc(poppler::document::load_from_raw_data(pdf, static_cast<int>(size)));
    if (!doc || doc->pages() < 1) return 0;
    std::unique_ptr<poppler::page> page(doc->create_page(0));
    if (!page) return 0;
    poppler::page_renderer renderer;
    renderer.set_render_hints(poppler::page_renderer::antialiasing | poppler::page_renderer::text_antialiasing);
    renderer.set_image_format(poppler::image::format_rgb24);
    const poppler::image img = renderer.render_page(page.get(), dpi, dpi);
    return img.is_valid() && img.save(png_path, "png", static_cast<int>(dpi)) ? 1 : 0;
  } catch (...) {
    return 0;
  }
}
