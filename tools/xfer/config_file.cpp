// Splits curl-style config lines into option words; the option parser does the rest.
#include "config_file.h"

#include <fstream>
#include <iostream>

namespace xfer::tool {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// A quoted value ends at its closing quote; anything after it on the line is ignored.
bool unquote(const std::string& text, size_t from, std::string& out) {
  for (size_t i = from; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"') return true;
    if (c == '\\' && i + 1 < text.size()) {
      const char e = text[++i];
      out.push_back(e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e);
      continue;
    }
    out.push_back(c);
  }
  return false;
}

bool split_line(const std::string& line, std::vector<std::string>& words, std::string& why) {
  size_t i = 0;
  while (i < line.size() && is_space(line[i])) ++i;
  if (i == line.size() || line[i] == '#') return true;
  size_t name_end = i;
  while (name_end < line.size() && !is_space(line[name_end]) && line[name_end] != '=' &&
         line[name_end] != ':')
    ++name_end;
  std::string name = line.substr(i, name_end - i);
  size_t v = name_end;
  while (v < line.size() && is_space(line[v])) ++v;
  if (v < line.size() && (line[v] == '=' || line[v] == ':')) {
    ++v;
    while (v < line.size() && is_space(line[v])) ++v;
  }
  std::string value;
  bool has_value = v < line.size();
  if (has_value && line[v] == '"') {
    if (!unquote(line, v + 1, value)) {
      why = "unterminated quote";
      return false;
    }
  } else if (has_value) {
    size_t end = line.size();
    while (end > v && is_space(line[end - 1])) --end;
    value = line.substr(v, end - v);
  }
  // Like curl, a name without dashes is a long option.
  if (!name.starts_with("-")) name = "--" + name;
  words.push_back(name);
  if (has_value) words.push_back(value);
  return true;
}

}  // namespace

bool config_file_words(const std::string& path, std::vector<std::string>& words,
                       std::string& error) {
  std::ifstream file;
  std::istream* in = &std::cin;
  if (path != "-") {
    file.open(path);
    if (!file) {
      error = "cannot read config file '" + path + "'";
      return false;
    }
    in = &file;
  }
  std::string line;
  size_t number = 0;
  while (std::getline(*in, line)) {
    ++number;
    std::string why;
    if (!split_line(line, words, why)) {
      error = path + ":" + std::to_string(number) + ": " + why;
      return false;
    }
  }
  return true;
}

}  // namespace xfer::tool
