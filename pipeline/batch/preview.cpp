#include "batch/preview.h"

#include <stdexcept>

#ifdef SATZWERK_HAVE_POPPLER
#include <poppler-document.h>
#include <poppler-image.h>
#include <poppler-page-renderer.h>
#include <poppler-page.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <mutex>
#include <sys/stat.h>
#include <unistd.h>

#include "batch/files.h"
#endif

namespace satzwerk::batch {

#ifdef SATZWERK_HAVE_POPPLER

bool preview_available() { return true; }

namespace {
// Poppler keeps process-wide state (global parameters, font caches) whose
// thread safety its C++ API does not promise: one rendering at a time.
std::mutex& render_mutex() {
  static std::mutex m;
  return m;
}
}  // namespace

void write_preview(std::string_view pdf, const std::string& png_path, double dpi) {
  namespace fs = std::filesystem;
  const fs::path target(png_path);
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::string tmp = (dir / (temp_prefix(target.filename().string()) + "XXXXXX")).string();
  const int fd = mkstemp(tmp.data());
  if (fd < 0) throw std::runtime_error(png_path + ": cannot create a temporary file: " + std::strerror(errno));
  ::close(fd);
  bool saved = false;
  {
    std::lock_guard lock(render_mutex());
    // load_from_raw_data copies nothing it does not need; the bytes outlive the document.
    std::unique_ptr<poppler::document> doc(
        poppler::document::load_from_raw_data(pdf.data(), static_cast<int>(pdf.size())));
    if (doc && doc->pages() > 0) {
      std::unique_ptr<poppler::page> page(doc->create_page(0));
      if (page) {
        poppler::page_renderer renderer;
        renderer.set_render_hints(poppler::page_renderer::antialiasing | poppler::page_renderer::text_antialiasing);
        renderer.set_image_format(poppler::image::format_rgb24);
        const poppler::image img = renderer.render_page(page.get(), dpi, dpi);
        saved = img.is_valid() && img.save(tmp, "png", static_cast<int>(dpi));
      }
    }
  }
  if (!saved) {
    ::unlink(tmp.c_str());
    throw std::runtime_error(png_path + ": cannot render the preview");
  }
  ::chmod(tmp.c_str(), 0644);
  if (std::rename(tmp.c_str(), png_path.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    ::unlink(tmp.c_str());
    throw std::runtime_error(png_path + ": cannot rename the temporary file: " + why);
  }
}

#else

bool preview_available() { return false; }

void write_preview(std::string_view, const std::string& png_path, double) {
  throw std::runtime_error(png_path + ": previews need poppler-cpp, which this build lacks");
}

#endif

}  // namespace satzwerk::batch
