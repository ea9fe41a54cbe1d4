<?php
// PHP's curl extension as an everyday program uses it: prints one "=== case" section per check.
// usage: php client.php PLAIN_BASE TLS_BASE CA_FILE REFUSED_URL
[$_, $base, $tls, $ca, $refused] = $argv;

function show($ch, $body) {
    echo "errno: ", curl_errno($ch), "\n";
    echo "code: ", curl_getinfo($ch, CURLINFO_RESPONSE_CODE), "\n";
    echo "size_download: ", curl_getinfo($ch, CURLINFO_SIZE_DOWNLOAD), "\n";
    echo "content_type: ", var_export(curl_getinfo($ch, CURLINFO_CONTENT_TYPE), true), "\n";
    echo "redirects: ", curl_getinfo($ch, CURLINFO_REDIRECT_COUNT), "\n";
    echo "effective_url: ", curl_getinfo($ch, CURLINFO_EFFECTIVE_URL), "\n";
    echo "body: ", var_export($body, true), "\n";
}

function easy($title, $url, $opts = []) {
    echo "=== php-$title\n";
    $ch = curl_init($url);
    curl_setopt($ch, CURLOPT_RETURNTRANSFER, true);
    curl_setopt_array($ch, $opts);
    $body = curl_exec($ch);
    show($ch, $body);
    curl_close($ch);
}

easy("get", "$base/x?size=200");
easy("get-echo", "$base/e?echo=1", [CURLOPT_USERAGENT => "php-client/1"]);
easy("get-header-out", "$base/x?size=3", [CURLINFO_HEADER_OUT => true]);
easy("follow", "$base/r?status=302&location=/e%3Fecho%3D1", [CURLOPT_FOLLOWLOCATION => true]);
easy("no-follow", "$base/r?status=302&location=/x", [CURLOPT_HEADER => true]);
easy("post-string", "$base/e?echo=1", [CURLOPT_POSTFIELDS => "a=1&b=" . urlencode("x y")]);
easy("post-array-multipart", "$base/e?echo=1", [CURLOPT_POSTFIELDS => ["k" => "v", "n" => "2"]]);
easy("put-custom", "$base/e?echo=1", [CURLOPT_CUSTOMREQUEST => "PUT",
                                      CURLOPT_POSTFIELDS => str_repeat("p", 100)]);
easy("headers", "$base/e?echo=1", [CURLOPT_HTTPHEADER => ["X-A: 1", "Accept:", "X-Empty;"]]);
easy("basic-auth", "$base/e?echo=1", [CURLOPT_USERPWD => "user:secret"]);
easy("head", "$base/x?size=500", [CURLOPT_NOBODY => true, CURLOPT_HEADER => true]);
easy("gzip", "$base/x?size=2000&gzip=1", [CURLOPT_ENCODING => "gzip"]);
easy("fail-on-error", "$base/x?status=500&size=10", [CURLOPT_FAILONERROR => true]);
easy("404", "$base/x?status=404&size=10");
easy("timeout", "$base/x?delay=3000&size=5", [CURLOPT_TIMEOUT_MS => 500]);
easy("refused", $refused);
easy("tls-cainfo", "$tls/x?size=64", [CURLOPT_CAINFO => $ca]);
easy("tls-untrusted", "$tls/x?size=64", [CURLOPT_CAINFO => "/nonexistent-ca.pem"]);
easy("tls-noverify", "$tls/x?size=64", [CURLOPT_SSL_VERIFYPEER => false,
                                        CURLOPT_SSL_VERIFYHOST => 0]);

echo "=== php-header-function\n";
$ch = curl_init("$base/x?size=5&hdr=X-One:1");
curl_setopt($ch, CURLOPT_RETURNTRANSFER, true);
curl_setopt($ch, CURLOPT_HEADERFUNCTION, function ($ch, $line) {
    echo "header: ", var_export($line, true), "\n";
    return strlen($line);
});
$body = curl_exec($ch);
show($ch, $body);
curl_close($ch);

echo "=== php-write-function\n";
$ch = curl_init("$base/x?size=70000&chunked=1&chunk=7000");
$total = 0;
curl_setopt($ch, CURLOPT_WRITEFUNCTION, function ($ch, $data) use (&$total) {
    $total += strlen($data);
    return strlen($data);
});
var_export(curl_exec($ch));
echo "\ntotal: $total\n";
curl_close($ch);

echo "=== php-write-abort\n";
$ch = curl_init("$base/x?size=70000");
curl_setopt($ch, CURLOPT_WRITEFUNCTION, function ($ch, $data) { return 0; });
var_export(curl_exec($ch));
echo "\nerrno: ", curl_errno($ch), "\n";
curl_close($ch);

echo "=== php-reuse-handle\n";
$ch = curl_init();
curl_setopt($ch, CURLOPT_RETURNTRANSFER, true);
foreach ([10, 20, 30] as $n) {
    curl_setopt($ch, CURLOPT_URL, "$base/x?size=$n&conn=1");
    echo curl_exec($ch), " ", curl_getinfo($ch, CURLINFO_NUM_CONNECTS), "\n";
}
curl_close($ch);

// curl_multi: several GETs and a POST in parallel, results printed in handle order.
echo "=== php-multi\n";
$mh = curl_multi_init();
$urls = ["$base/x?size=1000&delay=150", "$base/x?size=2000&delay=50", "$base/x?size=3000&chunked=1",
         "$base/r?status=301&location=/x%3Fsize%3D7", "$base/x?status=404&size=4"];
$handles = [];
foreach ($urls as $u) {
    $ch = curl_init($u);
    curl_setopt($ch, CURLOPT_RETURNTRANSFER, true);
    curl_setopt($ch, CURLOPT_FOLLOWLOCATION, true);
    curl_multi_add_handle($mh, $ch);
    $handles[] = $ch;
}
$post = curl_init("$base/e?echo=1");
curl_setopt($post, CURLOPT_RETURNTRANSFER, true);
curl_setopt($post, CURLOPT_POSTFIELDS, "multi=post");
curl_multi_add_handle($mh, $post);
$handles[] = $post;
$done = 0;
$deadline = microtime(true) + 20;
do {
    $status = curl_multi_exec($mh, $running);
    if ($running) curl_multi_select($mh, 1.0);
    while ($info = curl_multi_info_read($mh)) {
        $done++;
        if ($info["msg"] != CURLMSG_DONE) echo "unexpected msg\n";
    }
} while ($running && $status == CURLM_OK && microtime(true) < $deadline);
echo "status: $status running: $running done: $done\n";
foreach ($handles as $i => $ch) {
    $c = curl_multi_getcontent($ch);
    echo "$i: code=", curl_getinfo($ch, CURLINFO_RESPONSE_CODE), " errno=", curl_errno($ch),
         " len=", strlen($c), " md5=", md5($c), "\n";
    curl_multi_remove_handle($mh, $ch);
    curl_close($ch);
}
echo $c, "\n";
curl_multi_close($mh);

echo "=== php-multi-error\n";
$mh = curl_multi_init();
$a = curl_init($refused);
$b = curl_init("$base/x?size=10");
foreach ([$a, $b] as $ch) {
    curl_setopt($ch, CURLOPT_RETURNTRANSFER, true);
    curl_multi_add_handle($mh, $ch);
}
$deadline = microtime(true) + 20;
$results = [];
do {
    curl_multi_exec($mh, $running);
    if ($running) curl_multi_select($mh, 1.0);
    while ($info = curl_multi_info_read($mh)) {
        $results[] = ($info["handle"] === $a ? "a" : "b") . "=" . $info["result"];
    }
} while ($running && microtime(true) < $deadline);
sort($results);
echo implode(" ", $results), "\n";
echo "b: ", curl_multi_getcontent($b), "\n";
foreach ([$a, $b] as $ch) curl_multi_remove_handle($mh, $ch);
curl_multi_close($mh);

// What PHP programs print on failure: curl_error() (CURLOPT_ERRORBUFFER) and curl_strerror().
echo "=== php-error-messages\n";
foreach (["$base/x?status=404&size=1", $refused, "$base/x?delay=3000", "$tls/x"] as $i => $u) {
    $ch = curl_init($u);
    curl_setopt_array($ch, [CURLOPT_RETURNTRANSFER => true, CURLOPT_FAILONERROR => true,
                            CURLOPT_TIMEOUT_MS => 300, CURLOPT_CAINFO => "/nonexistent-ca.pem"]);
    curl_exec($ch);
    echo "$i: ", curl_errno($ch), " ", preg_replace('/\d+ (ms|milliseconds)/', 'N $1',
                                                     curl_error($ch)), "\n";
    echo "$i: ", curl_strerror(curl_errno($ch)), "\n";
    curl_close($ch);
}

echo "=== php-version\n";
$v = curl_version();
echo "version: ", $v["version"], "\n";
echo "ssl: ", ($v["features"] & CURL_VERSION_SSL) ? "yes" : "no", "\n";
echo "protocols include http, https: ",
     (in_array("http", $v["protocols"]) && in_array("https", $v["protocols"])) ? "yes" : "no", "\n";
