#include "http/client.h"

#include <curl/curl.h>
#include <openssl/evp.h>

#include <algorithm>
#include <cctype>
#include <thread>

namespace atende::http {

std::string_view MethodName(Method method) {
  switch (method) {
    case Method::kGet:
      return "GET";
    case Method::kPost:
      return "POST";
    case Method::kPut:
      return "PUT";
    case Method::kDelete:
      return "DELETE";
  }
  return "GET";
}

namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

std::string Trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

void GlobalInitOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct Transfer {
  ClientResponse response;
  size_t max_body = 0;
  bool too_large = false;
};

size_t OnBody(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t n = size * count;
  if (t->response.body.size() + n > t->max_body) {
    t->too_large = true;
    return 0;  // aborts the transfer with CURLE_WRITE_ERROR
  }
  t->response.body.append(data, n);
  return n;
}

size_t OnHeader(char* data, size_t size, size_t count, void* user) {
  auto* t = static_cast<Transfer*>(user);
  size_t n = size * count;
  std::string_view line(data, n);
  if (line.starts_with("HTTP/")) {
    t->response.headers.clear();  // a new response (after 100-continue or a redirect)
    return n;
  }
  size_t colon = line.find(':');
  if (colon == std::string_view::npos) return n;
  std::string name = Trim(line.substr(0, colon));
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  t->response.headers.emplace_back(std::move(name), Trim(line.substr(colon + 1)));
  return n;
}

Error TransportError(CURLcode code, const ClientRequest& request) {
  // The URL may carry a query with a token (SGP GET); report only scheme, host and path.
  std::string where = request.url.substr(0, request.url.find('?'));
  std::string message =
      std::string(MethodName(request.method)) + " " + where + ": " + curl_easy_strerror(code);
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT:
      return Error::Timeout(std::move(message));
    default:
      return Error::Unavailable(std::move(message));
  }
}

}  // namespace

class CurlHttpClient::HandlePool {
 public:
  ~HandlePool() {
    for (CURL* h : idle_) curl_easy_cleanup(h);
  }
  CURL* Acquire() {
    {
      std::lock_guard lock(mu_);
      if (!idle_.empty()) {
        CURL* h = idle_.back();
        idle_.pop_back();
        return h;
      }
    }
    return curl_easy_init();
  }
  void Release(CURL* h) {
    curl_easy_reset(h);  // keeps the connection cache, DNS cache and TLS sessions
    std::lock_guard lock(mu_);
    idle_.push_back(h);
  }

 private:
  std::mutex mu_;
  std::vector<CURL*> idle_;
};

CurlHttpClient::CurlHttpClient(CurlClientOptions options)
    : options_(std::move(options)),
      pool_(std::make_unique<HandlePool>()),
      jitter_state_(
          static_cast<uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count()) | 1) {
  GlobalInitOnce();
  if (!options_.sleep)
    options_.sleep = [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); };
}

CurlHttpClient::~CurlHttpClient() = default;

uint64_t CurlHttpClient::attempts() const {
  std::lock_guard lock(mu_);
  return attempts_;
}

std::chrono::milliseconds CurlHttpClient::BackoffDelay(int retry) {
  auto base = options_.backoff_base * (int64_t{1} << std::min(retry, 16));
  base = std::min(base, options_.backoff_max);
  uint64_t r;
  {
    std::lock_guard lock(mu_);
    jitter_state_ ^= jitter_state_ << 13;
    jitter_state_ ^= jitter_state_ >> 7;
    jitter_state_ ^= jitter_state_ << 17;
    r = jitter_state_;
  }
  // Full jitter in [base, 2*base): spreads retries of many workers hitting one recovering ERP.
  int64_t span = std::max<int64_t>(1, base.count());
  return std::min(options_.backoff_max,
                  base + std::chrono::milliseconds(static_cast<int64_t>(r % span)));
}

Result<ClientResponse> CurlHttpClient::Send(const ClientRequest& request) {
  int retries = request.IsIdempotent() ? options_.max_retries : 0;
  for (int attempt = 0;; ++attempt) {
    Result<ClientResponse> result = SendOnce(request);
    bool retryable =
        result.ok() ? IsRetryableStatus(result->status)
                    : (result.error().kind == ErrorKind::kUnavailable ||
                       (options_.retry_timeouts && result.error().kind == ErrorKind::kTimeout));
    if (!retryable || attempt >= retries) return result;
    std::chrono::milliseconds wait = BackoffDelay(attempt);
    if (result.ok()) {
      if (auto asked = RetryAfter(*result, std::chrono::system_clock::now())) {
        if (*asked > options_.max_retry_after) return result;  // the caller holds off instead
        wait = std::max(wait, *asked);
      }
    }
    options_.sleep(wait);
  }
}

Result<ClientResponse> CurlHttpClient::SendOnce(const ClientRequest& request) {
  {
    std::lock_guard lock(mu_);
    ++attempts_;
  }
  CURL* h = pool_->Acquire();
  if (h == nullptr) return Error::Internal("curl_easy_init failed");
  struct Return {
    HandlePool* pool;
    CURL* h;
    ~Return() { pool->Release(h); }
  } give_back{pool_.get(), h};

  Transfer t;
  t.max_body = request.max_body_bytes.value_or(options_.max_body_bytes);
  curl_slist* headers = nullptr;
  struct FreeHeaders {
    curl_slist** list;
    ~FreeHeaders() { curl_slist_free_all(*list); }
  } free_headers{&headers};
  for (const auto& [name, value] : request.headers) {
    std::string line = name + ": " + value;
    headers = curl_slist_append(headers, line.c_str());
  }
  // No "Expect: 100-continue" round trip on larger POSTs.
  headers = curl_slist_append(headers, "Expect:");

  curl_mime* mime = nullptr;  // a multipart body, freed after the transfer
  struct FreeMime {
    curl_mime** mime;
    ~FreeMime() { curl_mime_free(*mime); }
  } free_mime{&mime};

  auto total = request.total_timeout.value_or(options_.total_timeout);
  curl_easy_setopt(h, CURLOPT_URL, request.url.c_str());
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(options_.connect_timeout.count()));
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(total.count()));
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, options_.verify_tls ? 1L : 0L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, options_.verify_tls ? 2L : 0L);
  if (!options_.ca_file.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, options_.ca_file.c_str());
  if (!options_.pinned_pubkey.empty()) {
    curl_easy_setopt(h, CURLOPT_PINNEDPUBLICKEY, options_.pinned_pubkey.c_str());
  }
  curl_easy_setopt(h, CURLOPT_USERAGENT, options_.user_agent.c_str());
  curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");  // gzip/deflate when the server offers it
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &OnBody);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &t);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &OnHeader);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &t);
  switch (request.method) {
    case Method::kGet:
      if (!request.body.empty()) {
        // GET with a body (IXC listings as its docs show them).
        curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, "GET");
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
                         static_cast<curl_off_t>(request.body.size()));
      } else {
        curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
      }
      break;
    case Method::kPost:
      if (!request.multipart.empty()) {
        mime = curl_mime_init(h);
        for (const FormPart& part : request.multipart) {
          curl_mimepart* p = curl_mime_addpart(mime);
          curl_mime_name(p, part.name.c_str());
          curl_mime_data(p, part.value.data(), part.value.size());
          if (!part.filename.empty()) curl_mime_filename(p, part.filename.c_str());
          if (!part.content_type.empty()) curl_mime_type(p, part.content_type.c_str());
        }
        curl_easy_setopt(h, CURLOPT_MIMEPOST, mime);
        break;
      }
      curl_easy_setopt(h, CURLOPT_POST, 1L);
      curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
      curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
                       static_cast<curl_off_t>(request.body.size()));
      break;
    case Method::kPut:
    case Method::kDelete:
      curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, std::string(MethodName(request.method)).c_str());
      if (!request.body.empty() || request.method == Method::kPut) {
        curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
        curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE,
                         static_cast<curl_off_t>(request.body.size()));
      }
      break;
  }

  CURLcode code = curl_easy_perform(h);
  if (t.too_large) {
    return Error::BadAnswer("response body larger than " + std::to_string(t.max_body) + " bytes");
  }
  if (code != CURLE_OK) return TransportError(code, request);
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  t.response.status = static_cast<int>(status);
  return std::move(t.response);
}

std::string ClientResponse::Header(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (EqualsIgnoreCase(n, name)) return v;
  }
  return {};
}

std::optional<std::chrono::milliseconds> RetryAfter(const ClientResponse& response,
                                                    std::chrono::system_clock::time_point now) {
  std::string value = Trim(response.Header("retry-after"));
  if (value.empty()) return std::nullopt;
  if (value.find_first_not_of("0123456789") == std::string::npos) {
    if (value.size() > 9) return std::chrono::milliseconds(std::chrono::hours(24 * 365));
    return std::chrono::seconds(std::stoll(value));
  }
  time_t at = curl_getdate(value.c_str(), nullptr);  // IMF-fixdate and the two obsolete forms
  if (at < 0) return std::nullopt;
  auto delta = std::chrono::system_clock::from_time_t(at) - now;
  if (delta < std::chrono::milliseconds(0)) return std::chrono::milliseconds(0);
  return std::chrono::duration_cast<std::chrono::milliseconds>(delta);
}

bool IsRetryableStatus(int status) {
  return status == 429 || status == 502 || status == 503 || status == 504;
}

std::string BasicAuthorization(std::string_view user, std::string_view secret) {
  std::string plain = std::string(user) + ":" + std::string(secret);
  std::string out(4 * ((plain.size() + 2) / 3) + 1, '\0');
  int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(plain.data()),
                          static_cast<int>(plain.size()));
  out.resize(static_cast<size_t>(n));
  return "Basic " + out;
}

std::string UrlEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() * 3);
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

std::string FormEncode(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string out;
  for (const auto& [k, v] : fields) {
    if (!out.empty()) out.push_back('&');
    out += UrlEncode(k);
    out.push_back('=');
    out += UrlEncode(v);
  }
  return out;
}

}  // namespace atende::http
