#include "batch/preview.h"

#include <dlfcn.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <stdexcept>

#include "batch/files.h"

namespace satzwerk::batch {

namespace {

using RenderPng = int (*)(const char*, std::size_t, const char*, double);

// libsatzwerk_preview.so (batch/poppler/) sits beside the satzwerk binary; it is
// loaded on the first preview only, so that runs without --preview never load
// poppler and its dozen libraries.
RenderPng renderer() {
  static const RenderPng fn = [] () -> RenderPng {
    std::error_code ec;
    const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec) return nullptr;
    const std::string module = (exe.parent_path() / "libsatzwerk_preview.so").string();
    void* handle = dlopen(module.c_str(), RTLD_NOW | RTLD_LOCAL);
    return handle ? reinterpret_cast<RenderPng>(dlsym(handle, "satzwerk_render_png")) : nullptr;
  }();
  return fn;
}

// Poppler keeps process-wide state (global parameters, font caches) whose
// thread safety its C++ API does not promise: one rendering at a time.
std::mutex& render_mutex() {
  static std::mutex m;
  return m;
}

}  // namespace

bool preview_available() { return renderer() != nullptr; }

void write_preview(std::string_view pdf, const std::string& png_path, double dpi) {
  const RenderPng render = renderer();
  if (!render)
    throw std::runtime_error(png_path + ": previews need libsatzwerk_preview.so (poppler-cpp) beside the satzwerk binary");
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
    saved = render(pdf.data(), pdf.size(), tmp.c_str(), dpi) == 1;
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

}  // namespace satzwerk::batch
