// Human-readable texts for CURLcode, CURLMcode, CURLSHcode and CURLUcode, in xfer's words.
#include <curl/curl.h>

extern "C" CURL_EXTERN const char* curl_easy_strerror(CURLcode code) {
  switch (code) {
    case CURLE_OK: return "No error";
    case CURLE_UNSUPPORTED_PROTOCOL: return "Unsupported protocol";
    case CURLE_FAILED_INIT: return "Failed initialization";
    case CURLE_URL_MALFORMAT: return "URL using bad/illegal format or missing URL";
    case CURLE_NOT_BUILT_IN: return "A requested feature, protocol or option was not found built-in in this build";
    case CURLE_COULDNT_RESOLVE_PROXY: return "Could not resolve the proxy name";
    case CURLE_COULDNT_RESOLVE_HOST: return "Could not resolve the host name";
    case CURLE_COULDNT_CONNECT: return "Could not connect to the server";
    case CURLE_WEIRD_SERVER_REPLY: return "The server reply was not understood";
    case CURLE_REMOTE_ACCESS_DENIED: return "Access denied to the remote resource";
    case CURLE_FTP_ACCEPT_FAILED: return "FTP: the server's data connection was not accepted";
    case CURLE_FTP_WEIRD_PASS_REPLY: return "FTP: unexpected reply to the password";
    case CURLE_FTP_ACCEPT_TIMEOUT: return "FTP: timed out waiting for the server's data connection";
    case CURLE_FTP_WEIRD_PASV_REPLY: return "FTP: unexpected reply to PASV";
    case CURLE_FTP_WEIRD_227_FORMAT: return "FTP: the 227 reply could not be parsed";
    case CURLE_FTP_CANT_GET_HOST: return "FTP: the host from the 227 reply could not be used";
    case CURLE_HTTP2: return "Error in the HTTP/2 framing layer";
    case CURLE_FTP_COULDNT_SET_TYPE: return "FTP: the transfer type could not be set";
    case CURLE_PARTIAL_FILE: return "The transfer ended before all expected data arrived";
    case CURLE_FTP_COULDNT_RETR_FILE: return "FTP: the file could not be retrieved";
    case CURLE_QUOTE_ERROR: return "A quote command returned an error";
    case CURLE_HTTP_RETURNED_ERROR: return "The server returned an HTTP error code";
    case CURLE_WRITE_ERROR: return "Failed writing received data to disk/application";
    case CURLE_UPLOAD_FAILED: return "The upload failed";
    case CURLE_READ_ERROR: return "Failed to read the data to upload";
    case CURLE_OUT_OF_MEMORY: return "Out of memory";
    case CURLE_OPERATION_TIMEDOUT: return "The operation timed out";
    case CURLE_FTP_PORT_FAILED: return "FTP: the PORT command failed";
    case CURLE_FTP_COULDNT_USE_REST: return "FTP: the REST command failed";
    case CURLE_RANGE_ERROR: return "The server does not support ranges";
    case CURLE_HTTP_POST_ERROR: return "Internal error building the POST request";
    case CURLE_SSL_CONNECT_ERROR: return "The TLS handshake failed";
    case CURLE_BAD_DOWNLOAD_RESUME: return "The download could not be resumed";
    case CURLE_FILE_COULDNT_READ_FILE: return "The file could not be read";
    case CURLE_LDAP_CANNOT_BIND: return "LDAP: bind failed";
    case CURLE_LDAP_SEARCH_FAILED: return "LDAP: search failed";
    case CURLE_FUNCTION_NOT_FOUND: return "A required function was not found";
    case CURLE_ABORTED_BY_CALLBACK: return "Operation was aborted by an application callback";
    case CURLE_BAD_FUNCTION_ARGUMENT: return "A libcurl function was given a bad argument";
    case CURLE_INTERFACE_FAILED: return "The requested outgoing interface could not be used";
    case CURLE_TOO_MANY_REDIRECTS: return "Number of redirects hit maximum amount";
    case CURLE_UNKNOWN_OPTION: return "An unknown option was passed in to libcurl";
    case CURLE_SETOPT_OPTION_SYNTAX: return "The syntax of an option's value is malformed";
    case CURLE_GOT_NOTHING: return "The server returned nothing (no headers, no data)";
    case CURLE_SSL_ENGINE_NOTFOUND: return "The TLS crypto engine was not found";
    case CURLE_SSL_ENGINE_SETFAILED: return "The TLS crypto engine could not be made the default";
    case CURLE_SEND_ERROR: return "Sending the request failed";
    case CURLE_RECV_ERROR: return "Receiving the response failed";
    case CURLE_SSL_CERTPROBLEM: return "Problem with the local client certificate";
    case CURLE_SSL_CIPHER: return "The specified cipher could not be used";
    case CURLE_PEER_FAILED_VERIFICATION: return "The server's certificate or fingerprint was not accepted";
    case CURLE_BAD_CONTENT_ENCODING: return "Unrecognized or bad content encoding";
    case CURLE_FILESIZE_EXCEEDED: return "The maximum file size was exceeded";
    case CURLE_USE_SSL_FAILED: return "Requested TLS level failed";
    case CURLE_SEND_FAIL_REWIND: return "Sending again needed a rewind of the data stream, which failed";
    case CURLE_SSL_ENGINE_INITFAILED: return "The TLS crypto engine could not be initialised";
    case CURLE_LOGIN_DENIED: return "The login was denied";
    case CURLE_TFTP_NOTFOUND: return "TFTP: file not found";
    case CURLE_TFTP_PERM: return "TFTP: permission problem";
    case CURLE_REMOTE_DISK_FULL: return "The remote disk is full or its quota is exceeded";
    case CURLE_TFTP_ILLEGAL: return "TFTP: illegal operation";
    case CURLE_TFTP_UNKNOWNID: return "TFTP: unknown transfer ID";
    case CURLE_REMOTE_FILE_EXISTS: return "The remote file already exists";
    case CURLE_TFTP_NOSUCHUSER: return "TFTP: no such user";
    case CURLE_SSL_CACERT_BADFILE: return "Problem with the CA certificate file or path";
    case CURLE_REMOTE_FILE_NOT_FOUND: return "The remote file was not found";
    case CURLE_SSH: return "Error in the SSH layer";
    case CURLE_SSL_SHUTDOWN_FAILED: return "The TLS connection could not be shut down";
    case CURLE_AGAIN: return "The socket is not ready; try again";
    case CURLE_SSL_CRL_BADFILE: return "The CRL file could not be loaded";
    case CURLE_SSL_ISSUER_ERROR: return "The certificate issuer check failed";
    case CURLE_FTP_PRET_FAILED: return "FTP: the PRET command failed";
    case CURLE_RTSP_CSEQ_ERROR: return "RTSP: CSeq numbers do not match";
    case CURLE_RTSP_SESSION_ERROR: return "RTSP: session identifiers do not match";
    case CURLE_FTP_BAD_FILE_LIST: return "FTP: the file list could not be parsed";
    case CURLE_CHUNK_FAILED: return "The chunk callback reported an error";
    case CURLE_NO_CONNECTION_AVAILABLE: return "No connection is available; the session is queued";
    case CURLE_SSL_PINNEDPUBKEYNOTMATCH: return "The server's public key does not match the pinned key";
    case CURLE_SSL_INVALIDCERTSTATUS: return "The certificate status (OCSP) check failed";
    case CURLE_HTTP2_STREAM: return "Stream error in the HTTP/2 framing layer";
    case CURLE_RECURSIVE_API_CALL: return "An API function was called from inside a callback";
    case CURLE_AUTH_ERROR: return "Authentication function returned an error";
    case CURLE_HTTP3: return "HTTP/3 error";
    case CURLE_QUIC_CONNECT_ERROR: return "QUIC connection error";
    case CURLE_PROXY: return "Proxy handshake error";
    case CURLE_SSL_CLIENTCERT: return "The TLS client certificate is required";
    case CURLE_UNRECOVERABLE_POLL: return "Unrecoverable error in select/poll";
    default: return "Unknown error";
  }
}

extern "C" CURL_EXTERN const char* curl_multi_strerror(CURLMcode code) {
  switch (code) {
    case CURLM_CALL_MULTI_PERFORM: return "Please call curl_multi_perform() soon";
    case CURLM_OK: return "No error";
    case CURLM_BAD_HANDLE: return "Invalid multi handle";
    case CURLM_BAD_EASY_HANDLE: return "Invalid easy handle";
    case CURLM_OUT_OF_MEMORY: return "Out of memory";
    case CURLM_INTERNAL_ERROR: return "Internal error";
    case CURLM_BAD_SOCKET: return "Invalid socket argument";
    case CURLM_UNKNOWN_OPTION: return "Unknown option";
    case CURLM_ADDED_ALREADY: return "The easy handle is already added to a multi handle";
    case CURLM_RECURSIVE_API_CALL: return "API function called from within callback";
    case CURLM_WAKEUP_FAILURE: return "Wakeup is unavailable or failed";
    case CURLM_BAD_FUNCTION_ARGUMENT: return "A libcurl function was given a bad argument";
    case CURLM_ABORTED_BY_CALLBACK: return "Operation was aborted by an application callback";
    case CURLM_UNRECOVERABLE_POLL: return "Unrecoverable error in select/poll";
    default: return "Unknown error";
  }
}

extern "C" CURL_EXTERN const char* curl_share_strerror(CURLSHcode code) {
  switch (code) {
    case CURLSHE_OK: return "No error";
    case CURLSHE_BAD_OPTION: return "The share option is not known";
    case CURLSHE_IN_USE: return "Easy handles still use this share";
    case CURLSHE_INVALID: return "The share handle is not valid";
    case CURLSHE_NOMEM: return "Out of memory";
    case CURLSHE_NOT_BUILT_IN: return "This kind of sharing is not built into xfer";
    default: return "Unknown share error";
  }
}
