#include "batch/files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <unordered_set>

namespace satzwerk::batch {

namespace fs = std::filesystem;

namespace {
constexpr std::size_t kSuffix = 6;  // mkstemp's XXXXXX
}

std::string temp_prefix(std::string_view name) { return "." + std::string(name) + "."; }

bool is_temp_for(std::string_view file, std::string_view name) {
  const std::string prefix = temp_prefix(name);
  return file.size() == prefix.size() + kSuffix && file.substr(0, prefix.size()) == prefix;
}

void write_file_atomically(const std::string& path, std::string_view bytes, Sync sync) {
  const fs::path target(path);
  const fs::path dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
  std::string tmpl = (dir / (temp_prefix(target.filename().string()) + std::string(kSuffix, 'X'))).string();
  const int fd = mkstemp(tmpl.data());
  if (fd < 0) throw std::runtime_error(path + ": cannot create a temporary file: " + std::strerror(errno));
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      const std::string why = std::strerror(errno);
      ::close(fd);
      ::unlink(tmpl.c_str());
      throw std::runtime_error(path + ": write failed: " + why);
    }
    done += static_cast<std::size_t>(n);
  }
  if ((sync == Sync::Yes && ::fsync(fd) != 0) || ::close(fd) != 0) {
    const std::string why = std::strerror(errno);
    ::unlink(tmpl.c_str());
    throw std::runtime_error(path + ": cannot finish writing: " + why);
  }
  ::chmod(tmpl.c_str(), 0644);
  if (std::rename(tmpl.c_str(), path.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    ::unlink(tmpl.c_str());
    throw std::runtime_error(path + ": cannot rename the temporary file: " + why);
  }
}

std::size_t remove_stale_temps(const std::string& dir, const std::vector<std::string>& names) {
  std::unordered_set<std::string> wanted(names.begin(), names.end());
  std::size_t removed = 0;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string file = it->path().filename().string();
    if (file.size() < 2 + kSuffix || file[0] != '.') continue;
    // ".NAME.XXXXXX" → NAME
    const std::string name = file.substr(1, file.size() - 2 - kSuffix);
    if (file[file.size() - 1 - kSuffix] != '.' || !wanted.count(name)) continue;
    std::error_code rm;
    if (fs::remove(it->path(), rm)) ++removed;
  }
  return removed;
}

void sync_folder(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::syncfs(fd);
  ::close(fd);
}

}  // namespace satzwerk::batch
