// batch/: writing output files so that no reader and no killed run ever sees a
// partial file, and tidying what a killed run left behind.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "text/file.h"

namespace satzwerk::batch {

enum class Sync { Yes, No };

// Writes bytes to path via a temporary file ".NAME.XXXXXX" in the same folder
// and a rename. With Sync::Yes the data reaches the disk before the rename
// (fsync); Sync::No leaves that to the caller (e.g. one syncfs after a batch).
// A killed process leaves either the old file or the new one, never a mix.
// Throws std::runtime_error naming the path on failure.
void write_file_atomically(const std::string& path, std::string_view bytes, Sync sync = Sync::Yes);

// The name of a temporary file write_file_atomically() uses for target name
// (".NAME.XXXXXX"), the part before the random suffix.
std::string temp_prefix(std::string_view name);

// Whether file name is one of our temporary files for target name.
bool is_temp_for(std::string_view file_name, std::string_view name);

// Removes, in folder dir, the temporary files left by a killed run for any of
// the given target names; returns how many were removed. Only the given names
// are touched, so runs writing other names into the same folder (other shards)
// are not disturbed.
std::size_t remove_stale_temps(const std::string& dir, const std::vector<std::string>& names);

using text::read_file;  // reads a whole file; false when it cannot be read

// Flushes the file system holding dir to disk (syncfs); best effort.
void sync_folder(const std::string& dir);

}  // namespace satzwerk::batch
