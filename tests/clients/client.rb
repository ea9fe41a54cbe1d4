# Ruby's ethon (libcurl through FFI) as programs use it: one "=== case" section per check.
# usage: ruby client.rb PLAIN_BASE TLS_BASE CA_FILE REFUSED_URL
require "ethon"
require "digest"

base, tls, ca, refused = ARGV
Ethon.logger = Logger.new(nil)

def show(easy)
  puts "return_code: #{easy.return_code.inspect}"
  puts "response_code: #{easy.response_code}"
  puts "effective_url: #{easy.effective_url}"
  puts "redirect_count: #{easy.redirect_count}"
  puts "headers: #{easy.response_headers.inspect}"
  body = easy.response_body.to_s
  if body.size > 1000
    puts "body: #{body.size} bytes md5 #{Digest::MD5.hexdigest(body)}"
  else
    puts "body: #{body.inspect}"
  end
end

def easy_case(title, url, **opts)
  puts "=== ruby-#{title}"
  e = Ethon::Easy.new(url: url, **opts)
  e.perform
  show(e)
end

easy_case("get", "#{base}/x?size=300")
easy_case("get-echo", "#{base}/e?echo=1", useragent: "ruby-client/1")
easy_case("follow", "#{base}/r?status=302&location=/e%3Fecho%3D1", followlocation: true)
easy_case("no-follow", "#{base}/r?status=302&location=/x")
easy_case("headers", "#{base}/e?echo=1", headers: { "X-A" => "1", "Accept" => "text/plain" })
easy_case("basic-auth", "#{base}/e?echo=1", userpwd: "u:p")
easy_case("gzip", "#{base}/x?size=3000&gzip=1", accept_encoding: "gzip")
easy_case("404", "#{base}/x?status=404&size=10")
easy_case("chunked", "#{base}/x?size=9000&chunked=1&chunk=900")
easy_case("timeout", "#{base}/x?delay=3000&size=5", timeout_ms: 500)
easy_case("refused", refused)
easy_case("tls-cainfo", "#{tls}/x?size=40", cainfo: ca)
easy_case("tls-untrusted", "#{tls}/x?size=40", cainfo: "/nonexistent-ca.pem")
easy_case("tls-noverify", "#{tls}/x?size=40", ssl_verifypeer: false, ssl_verifyhost: 0)

puts "=== ruby-http-request-post"
e = Ethon::Easy.new
e.http_request("#{base}/e?echo=1", :post, body: { a: "1", b: "x y" })
e.perform
show(e)

puts "=== ruby-http-request-put"
e = Ethon::Easy.new
e.http_request("#{base}/e?echo=1", :put, body: "put body " * 10)
e.perform
show(e)

puts "=== ruby-http-request-head"
e = Ethon::Easy.new
e.http_request("#{base}/x?size=123", :head)
e.perform
show(e)

puts "=== ruby-http-request-get-params"
e = Ethon::Easy.new
e.http_request("#{base}/e", :get, params: { echo: 1, q: "a b" })
e.perform
show(e)

puts "=== ruby-reuse-reset"
e = Ethon::Easy.new
[10, 20].each do |n|
  e.url = "#{base}/x?size=#{n}"
  e.perform
  puts "#{e.response_code} #{e.response_body.size}"
  e.reset
end

puts "=== ruby-on-body-stream"
e = Ethon::Easy.new(url: "#{base}/x?size=50000&chunked=1&chunk=5000")
total = 0
e.on_body { |chunk, _easy| total += chunk.bytesize; :continue }
e.perform
puts "return_code: #{e.return_code.inspect} total: #{total}"

# Ethon::Multi: several GETs and a POST in parallel.
puts "=== ruby-multi"
multi = Ethon::Multi.new
easies = [
  Ethon::Easy.new(url: "#{base}/x?size=1000&delay=150"),
  Ethon::Easy.new(url: "#{base}/x?size=2000&delay=50"),
  Ethon::Easy.new(url: "#{base}/x?size=3000&chunked=1"),
  Ethon::Easy.new(url: "#{base}/r?status=301&location=/x%3Fsize%3D7", followlocation: true),
  Ethon::Easy.new(url: "#{base}/x?status=500&size=3"),
  Ethon::Easy.new(url: refused),
]
post = Ethon::Easy.new
post.http_request("#{base}/e?echo=1", :post, body: "multi=post")
easies << post
done = []
easies.each_with_index do |easy, i|
  easy.on_complete { |_e| done << i }
  multi.add(easy)
end
multi.perform
puts "completed: #{done.sort.inspect}"
easies.each_with_index do |easy, i|
  puts "#{i}: #{easy.return_code.inspect} #{easy.response_code} #{easy.response_body.to_s.size}"
end
puts post.response_body

puts "=== ruby-multi-many"
multi = Ethon::Multi.new(max_total_connections: 3)
easies = (1..12).map { |i| Ethon::Easy.new(url: "#{base}/x?size=#{i * 10}") }
easies.each { |easy| multi.add(easy) }
multi.perform
puts easies.map { |easy| "#{easy.response_code}/#{easy.response_body.size}" }.join(" ")

puts "=== ruby-version"
puts Ethon::Curl.version.split(" ").first
