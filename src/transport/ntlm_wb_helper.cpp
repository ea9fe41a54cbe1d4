// NtlmWbHelper: spawning ntlm_auth on a socket pair and its line-based exchanges.
#include "transport/ntlm_wb_helper.h"

#include <fcntl.h>
#include <poll.h>
#include <pwd.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <vector>

extern char** environ;

namespace xfer::transport {
namespace {

// A helper that has not answered in this long is taken for dead.
constexpr int kAnswerWaitMs = 10000;
// Its messages are base64 of a few hundred bytes; a longer line is not ntlm_auth talking.
constexpr std::size_t kLongestLine = 64 * 1024;

std::string process_user() {
  for (const char* name : {"NTLMUSER", "LOGNAME", "USER"}) {
    const char* v = std::getenv(name);
    if (v && *v) return v;
  }
  struct passwd pw {};
  struct passwd* found = nullptr;
  std::vector<char> buf(16384);
  if (getpwuid_r(geteuid(), &pw, buf.data(), buf.size(), &found) == 0 && found && found->pw_name)
    return found->pw_name;
  return std::string();
}

}  // namespace

std::string NtlmWbHelper::program() {
  const char* env = std::getenv("CURL_NTLM_WB_FILE");
  return env && *env ? std::string(env) : std::string("/usr/bin/ntlm_auth");
}

NtlmWbHelper::~NtlmWbHelper() { stop(); }

void NtlmWbHelper::stop() {
  if (fd_ >= 0) close(fd_);
  fd_ = -1;
  if (pid_ > 0) {
    // The helper ends on the closed socket; one still running is not waited for.
    if (waitpid(pid_, nullptr, WNOHANG) == 0) {
      kill(pid_, SIGKILL);
      while (waitpid(pid_, nullptr, 0) < 0 && errno == EINTR) {
      }
    }
  }
  pid_ = -1;
}

bool NtlmWbHelper::start(std::string_view user_in) {
  stop();
  const std::string path = program();
  if (access(path.c_str(), X_OK) != 0) {
    error_ = "NTLM_WB: cannot run " + path + ": " + std::strerror(errno);
    return false;
  }
  std::string user(user_in);
  std::string domain;
  if (user.empty()) user = process_user();
  if (const std::size_t cut = user.find_first_of("\\/"); cut != std::string::npos) {
    domain = user.substr(0, cut);
    user.erase(0, cut + 1);
  }
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
    error_ = std::string("NTLM_WB: socketpair: ") + std::strerror(errno);
    return false;
  }
  std::string arg_user = "--username=" + user;
  std::string arg_domain = "--domain=" + domain;
  std::vector<char*> argv{const_cast<char*>(path.c_str()), const_cast<char*>("--helper-protocol=ntlmssp-client-1"),
                          const_cast<char*>("--use-cached-creds"), arg_user.data()};
  if (!domain.empty()) argv.push_back(arg_domain.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  // The child's stdin and stdout are its end of the pair (dup2 leaves them open over exec).
  posix_spawn_file_actions_adddup2(&actions, sv[1], STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, sv[1], STDOUT_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, path.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(sv[1]);
  if (rc != 0) {
    close(sv[0]);
    error_ = "NTLM_WB: cannot start " + path + ": " + std::strerror(rc);
    return false;
  }
  fd_ = sv[0];
  pid_ = pid;
  return true;
}

bool NtlmWbHelper::ask(std::string_view request, std::string_view answer1, std::string_view answer2,
                       std::string& out) {
  out.clear();
  if (fd_ < 0) {
    error_ = "NTLM_WB: the helper is not running";
    return false;
  }
  std::string line(request);
  line += '\n';
  std::size_t sent = 0;
  while (sent < line.size()) {
    const ssize_t n = send(fd_, line.data() + sent, line.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      error_ = std::string("NTLM_WB: writing to the helper: ") + std::strerror(errno);
      return false;
    }
    sent += static_cast<std::size_t>(n);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kAnswerWaitMs);
  std::string reply;
  while (reply.empty() || reply.back() != '\n') {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    pollfd pfd{fd_, POLLIN, 0};
    const int ready = left.count() > 0 ? poll(&pfd, 1, static_cast<int>(left.count())) : 0;
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) {
      error_ = "NTLM_WB: the helper did not answer";
      return false;
    }
    char buf[4096];
    const ssize_t n = recv(fd_, buf, sizeof buf, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      error_ = "NTLM_WB: the helper closed without an answer";
      return false;
    }
    reply.append(buf, static_cast<std::size_t>(n));
    if (reply.size() > kLongestLine) {
      error_ = "NTLM_WB: the helper's answer is too long";
      return false;
    }
  }
  reply.pop_back();
  if (!reply.empty() && reply.back() == '\r') reply.pop_back();
  for (std::string_view want : {answer1, answer2}) {
    if (want.empty() || reply.size() <= want.size() + 1 || reply.compare(0, want.size(), want) != 0 ||
        reply[want.size()] != ' ')
      continue;
    out = reply.substr(want.size() + 1);
    return true;
  }
  error_ = "NTLM_WB: the helper answered \"" + reply.substr(0, 200) + "\"";
  return false;
}

bool NtlmWbHelper::type1(std::string& out) { return ask("YR", "YR", {}, out); }

bool NtlmWbHelper::type3(std::string_view type2, std::string& out) {
  std::string request = "TT ";
  request.append(type2);
  return ask(request, "KK", "AF", out);
}

}  // namespace xfer::transport
