# R's curl package (r-cran-curl) as programs use it: one "=== case" section per check.
# usage: Rscript client.R PLAIN_BASE TLS_BASE CA_FILE REFUSED_URL
args <- commandArgs(trailingOnly = TRUE)
base <- args[1]; tls <- args[2]; ca <- args[3]; refused <- args[4]
suppressPackageStartupMessages(library(curl))

md5_of <- function(raw) {
  f <- tempfile(); writeBin(raw, f); on.exit(unlink(f))
  unname(tools::md5sum(f))
}

show <- function(res) {
  cat("status:", res$status_code, "\n")
  cat("type:", if (is.null(res$type)) "NULL" else res$type, "\n")
  cat("url:", res$url, "\n")
  cat("headers:\n", rawToChar(res$headers), sep = "")
  cat("body:", length(res$content), "bytes\n")
  body <- rawToChar(res$content)
  if (nchar(body) > 1000) body <- paste0(substr(body, 1, 200), "... md5 ", md5_of(res$content))
  cat(body, "\n", sep = "")
}

# Handles ask for gzip explicitly, so that echoed requests do not depend on which encodings
# the library decodes; r-accept-encoding shows the default list.
handle <- function(...) new_handle(accept_encoding = "gzip", ...)

fetch <- function(title, url, h = handle()) {
  cat("=== r-", title, "\n", sep = "")
  res <- tryCatch(curl_fetch_memory(url, handle = h),
                  error = function(e) { cat("error class:", class(e)[1], "\n"); NULL })
  if (!is.null(res)) show(res)
}

fetch("get", paste0(base, "/x?size=300"))
fetch("get-echo", paste0(base, "/e?echo=1"), handle(useragent = "r-client/1"))
cat("=== r-accept-encoding\n")
res <- curl_fetch_memory(paste0(base, "/e?echo=1"), handle = new_handle())
echo <- strsplit(rawToChar(res$content), "\r\n")[[1]]
cat("offered:", sub("^Accept-Encoding: ", "", grep("^Accept-Encoding:", echo, value = TRUE)), "\n")
fetch("follow", paste0(base, "/r?status=302&location=/e%3Fecho%3D1"))
fetch("no-follow", paste0(base, "/r?status=302&location=/x"), handle(followlocation = FALSE))
fetch("post", paste0(base, "/e?echo=1"), handle(postfields = "a=1&b=2"))
h <- handle()
handle_setform(h, field = "value", other = "2")
fetch("post-form", paste0(base, "/e?echo=1"), h)
h <- handle(customrequest = "PUT", postfields = strrep("q", 50))
handle_setheaders(h, "X-Custom" = "yes", "Accept" = "text/plain")
fetch("put-headers", paste0(base, "/e?echo=1"), h)
fetch("basic-auth", paste0(base, "/e?echo=1"), handle(userpwd = "me:pw", httpauth = 1))
fetch("gzip", paste0(base, "/x?size=3000&gzip=1"))
fetch("head", paste0(base, "/x?size=100"), handle(nobody = TRUE))
fetch("404", paste0(base, "/x?status=404&size=20"))
fetch("chunked", paste0(base, "/x?size=9000&chunked=1&chunk=1000"))
fetch("timeout", paste0(base, "/x?delay=3000&size=5"), handle(timeout_ms = 500))
fetch("refused", refused)
fetch("tls-cainfo", paste0(tls, "/x?size=40"), handle(cainfo = ca))
fetch("tls-untrusted", paste0(tls, "/x?size=40"), handle(cainfo = "/nonexistent-ca.pem"))
fetch("tls-noverify", paste0(tls, "/x?size=40"), handle(ssl_verifypeer = FALSE,
                                                            ssl_verifyhost = 0))

cat("=== r-handle-data\n")
h <- handle()
res <- curl_fetch_memory(paste0(base, "/r?status=301&location=/x%3Fsize%3D11"), handle = h)
d <- handle_data(h)
cat("status:", d$status_code, "redirects:", d$redirect_count, "url:", d$url, "\n")
cat("times are numbers:", is.numeric(d$times), "\n")

cat("=== r-curl-connection\n")
con <- curl(paste0(base, "/x?size=2000&chunked=1&chunk=100"))
lines <- readLines(con, warn = FALSE)
close(con)
cat(length(lines), "lines,", sum(nchar(lines)), "chars\n")

cat("=== r-curl-download\n")
dest <- tempfile()
curl_download(paste0(base, "/x?size=12345"), dest, quiet = TRUE)
cat("size:", file.size(dest), "\n")
unlink(dest)

# multi_add / multi_run: several GETs and a POST in parallel on one pool.
cat("=== r-multi\n")
pool <- new_pool(total_con = 4, host_con = 4)
results <- list()
failures <- list()
add <- function(name, url, h = handle()) {
  handle_setopt(h, url = url)
  invisible(multi_add(h, pool = pool,
            done = function(res) results[[name]] <<- res,
            fail = function(msg) failures[[name]] <<- "failed"))
}
add("a", paste0(base, "/x?size=1000&delay=150"))
add("b", paste0(base, "/x?size=2000&delay=50"))
add("c", paste0(base, "/x?size=3000&chunked=1"))
add("d", paste0(base, "/r?status=302&location=/x%3Fsize%3D7"))
add("e", paste0(base, "/e?echo=1"), handle(postfields = "multi=post"))
add("f", refused)
out <- multi_run(pool = pool, timeout = 20)
cat("success:", out$success, "error:", out$error, "pending:", out$pending, "\n")
for (n in sort(names(results))) {
  r <- results[[n]]
  cat(n, ": status=", r$status_code, " len=", length(r$content), " url=", r$url, "\n", sep = "")
}
cat("echo:", rawToChar(results[["e"]]$content), "\n")
cat("failures:", sort(names(failures)), "\n")

cat("=== r-multi-fifo\n")
pool <- new_pool()
got <- character()
for (i in 1:5)
  invisible(multi_add(handle(url = paste0(base, "/x?size=", i * 100)), pool = pool,
                      done = function(res) got <<- c(got, length(res$content))))
out <- multi_run(pool = pool, timeout = 20)
cat("success:", out$success, "sizes:", sort(as.integer(got)), "\n")

cat("=== r-version\n")
v <- curl_version()
cat("version:", v$version, "\n")
cat("protocols include http, https:", all(c("http", "https") %in% v$protocols), "\n")
