// -K: reads a curl-style config file into the argument words it stands for.
#pragma once

#include <string>
#include <vector>

namespace xfer::tool {

// Each line is "--name value", "name = value", "name: value" or a flag alone; '#' starts a
// comment line; a value may be "double quoted" with \" \\ \n \t escapes ("url = X" is --url X).
// The words come back in argv form ("--name", "value"), ready for the option parser.
bool config_file_words(const std::string& path, std::vector<std::string>& words,
                       std::string& error);

}  // namespace xfer::tool
