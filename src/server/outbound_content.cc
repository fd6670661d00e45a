#include "server/outbound_content.h"

#include <nlohmann/json.hpp>

namespace atende::server {
namespace {

using nlohmann::json;

struct Encoder {
  std::string& attachment;
  json operator()(const channel::OutText& t) const { return {{"type", "text"}, {"body", t.body}}; }
  json operator()(const channel::OutButtons& b) const {
    json buttons = json::array();
    for (const auto& button : b.buttons)
      buttons.push_back({{"id", button.id}, {"title", button.title}});
    return {{"type", "buttons"}, {"body", b.body}, {"buttons", buttons}};
  }
  json operator()(const channel::OutList& l) const {
    json rows = json::array();
    for (const auto& r : l.rows)
      rows.push_back({{"id", r.id}, {"title", r.title}, {"description", r.description}});
    return {{"type", "list"}, {"body", l.body}, {"button", l.button}, {"rows", rows}};
  }
  json operator()(const channel::OutDocument& d) const {
    attachment = d.bytes;
    return {{"type", "document"},
            {"filename", d.filename},
            {"mime_type", d.mime_type},
            {"caption", d.caption}};
  }
  json operator()(const channel::OutTemplate& t) const {
    return {{"type", "template"},
            {"name", t.name},
            {"language", t.language},
            {"parameters", t.body_parameters}};
  }
};

struct Mapper {
  const std::string& bytes;
  std::optional<channel::OutboundContent> operator()(const dialogue::TextReply& r) const {
    return channel::OutText{r.text};
  }
  std::optional<channel::OutboundContent> operator()(const dialogue::ButtonsReply& r) const {
    channel::OutButtons out{r.text, {}};
    for (const std::string& title : r.buttons) out.buttons.push_back({title, title});
    return out;
  }
  std::optional<channel::OutboundContent> operator()(const dialogue::ListReply& r) const {
    channel::OutList out{r.text, r.button, {}};
    for (const dialogue::ListRow& row : r.rows)
      out.rows.push_back({row.id, row.title, row.description});
    return out;
  }
  std::optional<channel::OutboundContent> operator()(const dialogue::DocumentReply& r) const {
    return channel::OutDocument{r.filename, r.mime, bytes, r.caption};
  }
  std::optional<channel::OutboundContent> operator()(const dialogue::HandoffReply&) const {
    return std::nullopt;
  }
};

}  // namespace

std::string EncodeContent(const channel::OutboundContent& content, std::string& attachment) {
  attachment.clear();
  return std::visit(Encoder{attachment}, content)
      .dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<channel::OutboundContent> DecodeContent(const std::string& text,
                                               const std::string& attachment) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Error::BadAnswer("outbox payload is not JSON");
  try {
    std::string type = j.at("type").get<std::string>();
    if (type == "text")
      return channel::OutboundContent(channel::OutText{j.at("body").get<std::string>()});
    if (type == "buttons") {
      channel::OutButtons b{j.at("body").get<std::string>(), {}};
      for (const json& x : j.at("buttons")) b.buttons.push_back({x.at("id"), x.at("title")});
      return channel::OutboundContent(b);
    }
    if (type == "list") {
      channel::OutList l{j.at("body").get<std::string>(), j.at("button").get<std::string>(), {}};
      for (const json& x : j.at("rows"))
        l.rows.push_back({x.at("id"), x.at("title"), x.value("description", "")});
      return channel::OutboundContent(l);
    }
    if (type == "document") {
      return channel::OutboundContent(channel::OutDocument{j.at("filename"), j.at("mime_type"),
                                                           attachment, j.value("caption", "")});
    }
    if (type == "template") {
      return channel::OutboundContent(
          channel::OutTemplate{j.at("name"), j.value("language", "pt_BR"),
                               j.value("parameters", std::vector<std::string>{})});
    }
    return Error::BadAnswer("outbox payload of unknown type " + type);
  } catch (const json::exception& e) {
    return Error::BadAnswer(std::string("outbox payload: ") + e.what());
  }
}

std::optional<channel::OutboundContent> ContentFor(const agent::Outgoing& outgoing) {
  return std::visit(Mapper{outgoing.document_bytes}, outgoing.reply);
}

bool IsTemplate(const channel::OutboundContent& content) {
  return std::holds_alternative<channel::OutTemplate>(content);
}

store::OutboxRow OutboxRowFor(const std::string& tenant, const std::string& conversation,
                              const std::string& recipient, std::string idempotency_key,
                              const channel::OutboundContent& content, TimePoint at) {
  store::OutboxRow row;
  row.tenant = tenant;
  row.conversation = conversation;
  row.recipient = recipient;
  row.idempotency_key = std::move(idempotency_key);
  row.payload = EncodeContent(content, row.attachment);
  row.next_attempt_at = at;
  return row;
}

std::string BodyOf(const channel::OutboundContent& content) {
  if (const auto* t = std::get_if<channel::OutText>(&content)) return t->body;
  if (const auto* b = std::get_if<channel::OutButtons>(&content)) return b->body;
  if (const auto* l = std::get_if<channel::OutList>(&content)) return l->body;
  if (const auto* d = std::get_if<channel::OutDocument>(&content)) return d->caption;
  return "";
}

}  // namespace atende::server
