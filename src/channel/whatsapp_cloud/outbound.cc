#include "channel/whatsapp_cloud/outbound.h"

#include <set>

#include "channel/crypto.h"
#include "channel/json_util.h"

namespace atende::channel::whatsapp_cloud {
namespace {

constexpr size_t kTextMax = 4096;
constexpr size_t kInteractiveBodyMax = 1024;
constexpr size_t kButtonTitleMax = 20;
constexpr size_t kButtonIdMax = 256;
constexpr size_t kListButtonMax = 20;
constexpr size_t kRowsMax = 10;
constexpr size_t kRowIdMax = 200;
constexpr size_t kRowTitleMax = 24;
constexpr size_t kRowDescriptionMax = 72;
constexpr size_t kCaptionMax = 1024;
constexpr size_t kCallbackDataMax = 512;
constexpr size_t kDocumentMaxBytes = 100u * 1024 * 1024;

Status Limit(std::string_view what, std::string_view text, size_t max, bool required = true) {
  size_t n = Utf8Length(text);
  if (required && n == 0) return Error::InvalidInput(std::string(what) + " is empty");
  if (n > max) {
    return Error::InvalidInput(std::string(what) + " has " + std::to_string(n) +
                               " characters; the limit is " + std::to_string(max));
  }
  return {};
}

#define ATENDE_RETURN_IF_ERROR(expr) \
  do {                               \
    Status s_ = (expr);              \
    if (!s_.ok()) return s_;         \
  } while (false)

Status ValidateContent(const OutText& t) { return Limit("text body", t.body, kTextMax); }

Status ValidateContent(const OutButtons& b) {
  ATENDE_RETURN_IF_ERROR(Limit("buttons body", b.body, kInteractiveBodyMax));
  if (b.buttons.empty() || b.buttons.size() > 3) {
    return Error::InvalidInput("reply buttons: " + std::to_string(b.buttons.size()) +
                               " buttons; WhatsApp takes 1 to 3");
  }
  std::set<std::string> titles, ids;
  for (size_t i = 0; i < b.buttons.size(); ++i) {
    std::string where = "button " + std::to_string(i + 1);
    ATENDE_RETURN_IF_ERROR(Limit(where + " title", b.buttons[i].title, kButtonTitleMax));
    ATENDE_RETURN_IF_ERROR(Limit(where + " id", b.buttons[i].id, kButtonIdMax));
    if (!titles.insert(b.buttons[i].title).second) {
      return Error::InvalidInput(where + " title repeats \"" + b.buttons[i].title + "\"");
    }
    if (!ids.insert(b.buttons[i].id).second) {
      return Error::InvalidInput(where + " id repeats \"" + b.buttons[i].id + "\"");
    }
  }
  return {};
}

Status ValidateContent(const OutList& l) {
  ATENDE_RETURN_IF_ERROR(Limit("list body", l.body, kInteractiveBodyMax));
  ATENDE_RETURN_IF_ERROR(Limit("list button", l.button, kListButtonMax));
  if (l.rows.empty() || l.rows.size() > kRowsMax) {
    return Error::InvalidInput("list: " + std::to_string(l.rows.size()) +
                               " rows; WhatsApp takes 1 to 10");
  }
  std::set<std::string> ids;
  for (size_t i = 0; i < l.rows.size(); ++i) {
    std::string where = "row " + std::to_string(i + 1);
    ATENDE_RETURN_IF_ERROR(Limit(where + " id", l.rows[i].id, kRowIdMax));
    ATENDE_RETURN_IF_ERROR(Limit(where + " title", l.rows[i].title, kRowTitleMax));
    ATENDE_RETURN_IF_ERROR(
        Limit(where + " description", l.rows[i].description, kRowDescriptionMax, false));
    if (!ids.insert(l.rows[i].id).second) {
      return Error::InvalidInput(where + " id repeats \"" + l.rows[i].id + "\"");
    }
  }
  return {};
}

Status ValidateContent(const OutDocument& d) {
  ATENDE_RETURN_IF_ERROR(Limit("document filename", d.filename, 240));
  ATENDE_RETURN_IF_ERROR(Limit("document caption", d.caption, kCaptionMax, false));
  if (d.bytes.empty()) return Error::InvalidInput("document has no bytes");
  if (d.bytes.size() > kDocumentMaxBytes) return Error::InvalidInput("document over 100 MB");
  if (d.mime_type.empty()) return Error::InvalidInput("document has no MIME type");
  return {};
}

Status ValidateContent(const OutTemplate& t) {
  if (t.name.empty()) return Error::InvalidInput("template has no name");
  if (t.language.empty()) return Error::InvalidInput("template has no language");
  for (size_t i = 0; i < t.body_parameters.size(); ++i) {
    if (t.body_parameters[i].empty()) {
      return Error::InvalidInput("template body parameter " + std::to_string(i + 1) + " is empty");
    }
  }
  return {};
}

}  // namespace

bool IsBsuid(std::string_view to) {
  return to.size() > 3 && to.size() <= 128 && to.substr(0, 3) == "US." &&
         to.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.") ==
             std::string_view::npos;
}

namespace {

Json Envelope(const OutboundMessage& m, std::string_view type) {
  Json j = Json::object();
  j["messaging_product"] = "whatsapp";
  j["recipient_type"] = "individual";
  // Username-only chats have no phone: pywa addresses them by BSUID in "recipient" (§6).
  j[IsBsuid(m.to) ? "recipient" : "to"] = m.to;
  j["type"] = type;
  return j;
}

bool IsRetryable(int64_t code) {
  return code == 130429 || code == 131056 || code == 4 || code == 80007 || code == 131048 ||
         code == 131057 || code == 131000 || code == 131016 || code == 135000 || code == 1 ||
         code == 2;
}
bool IsPermanent(int64_t code) {
  return code == 100 || code == 131047 || code == 131026 || code == 130472 || code == 131049 ||
         code == 131050 || code == 131051 || code == 131052 || code == 131053 || code == 131008 ||
         code == 131009 || code == 131030 || code == 131064 || (code >= 132000 && code <= 132999);
}
bool IsCredentials(int64_t code) {
  return code == 0 || code == 190 || code == 3 || code == 10 || (code >= 200 && code <= 299) ||
         code == 368 || code == 131031 || code == 130497 || code == 131042;
}

}  // namespace

Status ValidateContent(const OutboundContent& content) {
  return std::visit([](const auto& c) { return ValidateContent(c); }, content);
}

Status ValidateOutbound(const OutboundMessage& message) {
  bool digits = !message.to.empty() && message.to.size() <= 20 &&
                message.to.find_first_not_of("0123456789") == std::string::npos;
  if (!digits && !IsBsuid(message.to)) {
    return Error::InvalidInput("recipient must be E.164 digits without '+' or a BSUID (US.…): \"" +
                               message.to + "\"");
  }
  return ValidateContent(message.content);
}

std::string BuildMessageJson(const OutboundMessage& message, std::string_view media_id) {
  Json j;
  std::visit(
      [&](const auto& c) {
        using T = std::decay_t<decltype(c)>;
        if constexpr (std::is_same_v<T, OutText>) {
          j = Envelope(message, "text");
          j["text"] = {{"preview_url", false}, {"body", c.body}};
        } else if constexpr (std::is_same_v<T, OutButtons>) {
          j = Envelope(message, "interactive");
          Json buttons = Json::array();
          for (const OutButton& b : c.buttons) {
            buttons.push_back({{"type", "reply"}, {"reply", {{"id", b.id}, {"title", b.title}}}});
          }
          j["interactive"] = {
              {"type", "button"}, {"body", {{"text", c.body}}}, {"action", {{"buttons", buttons}}}};
        } else if constexpr (std::is_same_v<T, OutList>) {
          j = Envelope(message, "interactive");
          Json rows = Json::array();
          for (const OutRow& r : c.rows) {
            Json row = {{"id", r.id}, {"title", r.title}};
            if (!r.description.empty()) row["description"] = r.description;
            rows.push_back(row);
          }
          // One section; its title is optional with a single section (§6.3).
          j["interactive"] = {
              {"type", "list"},
              {"body", {{"text", c.body}}},
              {"action", {{"button", c.button}, {"sections", Json::array({{{"rows", rows}}})}}}};
        } else if constexpr (std::is_same_v<T, OutDocument>) {
          j = Envelope(message, "document");
          Json doc = {{"id", std::string(media_id)}, {"filename", c.filename}};
          if (!c.caption.empty()) doc["caption"] = c.caption;
          j["document"] = doc;
        } else if constexpr (std::is_same_v<T, OutTemplate>) {
          j = Envelope(message, "template");
          Json tpl = {{"name", c.name}, {"language", {{"code", c.language}}}};
          if (!c.body_parameters.empty()) {
            Json params = Json::array();
            for (const std::string& p : c.body_parameters) {
              params.push_back({{"type", "text"}, {"text", p}});
            }
            tpl["components"] = Json::array({{{"type", "body"}, {"parameters", params}}});
          }
          j["template"] = tpl;
        }
      },
      message.content);
  if (!message.idempotency_key.empty() && message.idempotency_key.size() <= kCallbackDataMax) {
    j["biz_opaque_callback_data"] = message.idempotency_key;
  }
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

std::string ChooseBoundary(std::string_view bytes) {
  for (uint64_t n = 0;; ++n) {
    std::string b = "atende-" + HexLower(HmacSha256(std::to_string(n), bytes).substr(0, 12));
    if (bytes.find(b) == std::string_view::npos) return b;
  }
}

std::string BuildMediaUpload(const OutDocument& document, std::string_view boundary) {
  std::string b(boundary);
  std::string out;
  out.reserve(document.bytes.size() + 512);
  auto field = [&](const std::string& name, const std::string& value) {
    out += "--" + b + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value +
           "\r\n";
  };
  field("messaging_product", "whatsapp");
  field("type", document.mime_type);
  std::string filename;
  for (char c : document.filename) {
    if (c == '"' || c == '\r' || c == '\n' || c == '\\') continue;
    filename.push_back(c);
  }
  out += "--" + b + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename +
         "\"\r\nContent-Type: " + document.mime_type + "\r\n\r\n";
  out += document.bytes;
  out += "\r\n--" + b + "--\r\n";
  return out;
}

Error ClassifyGraphError(int http_status, std::string_view body) {
  Json root = Json::parse(body, nullptr, false);
  const Json* err = root.is_discarded() ? nullptr : Member(root, "error");
  const Json* code_json = err != nullptr ? Member(*err, "code") : nullptr;
  std::string where = "WhatsApp Cloud API answered HTTP " + std::to_string(http_status);
  if (code_json == nullptr || !code_json->is_number_integer()) {
    std::string detail = "http " + std::to_string(http_status);
    if (http_status == 401 || http_status == 403) {
      return Error::Unauthorized(where).WithDetail(detail);
    }
    if (http_status == 429 || http_status >= 500 || http_status == 0) {
      return Error::Unavailable(where).WithDetail(detail);
    }
    return Error::Refused(where).WithDetail(detail);
  }
  int64_t code = code_json->get<int64_t>();
  std::string detail = std::to_string(code) + " " + StringMember(*err, "message");
  if (const Json* data = Member(*err, "error_data")) {
    std::string details = StringMember(*data, "details");
    if (!details.empty()) detail += " | " + details;
  }
  where += ", code " + std::to_string(code);
  if (IsRetryable(code)) return Error::Unavailable(where).WithDetail(detail);
  if (IsCredentials(code)) return Error::Unauthorized(where).WithDetail(detail);
  if (IsPermanent(code)) return Error::Refused(where).WithDetail(detail);
  if (http_status >= 500) return Error::Unavailable(where).WithDetail(detail);
  return Error::Refused(where).WithDetail(detail);  // 131047, 131026, 131008, 132xxx, …
}

}  // namespace atende::channel::whatsapp_cloud
