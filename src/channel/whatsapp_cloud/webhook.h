// The WhatsApp Cloud API's inbound side (specs/whatsapp-cloud.md §3–§5): the GET verification
// handshake, the X-Hub-Signature-256 check over the raw body, and the parser that turns a webhook
// body into provider-neutral InboundMessages and StatusUpdates. Pure functions: no I/O, never
// throw.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "channel/channel.h"
#include "core/result.h"

namespace atende::channel::whatsapp_cloud {

// "sha256=" + lower-case hex HMAC-SHA256 of `raw_body` with `app_secret`.
std::string SignatureHeader(std::string_view app_secret, std::string_view raw_body);

// Checks an X-Hub-Signature-256 header value against the raw body, in constant time. Missing
// (nullopt or empty), malformed (no "sha256=", not 64 hex digits) or wrong → kUnauthorized. Hex
// digits are accepted in either case.
Status VerifySignature(std::optional<std::string_view> header, std::string_view raw_body,
                       std::string_view app_secret);

// The GET handshake: hub.mode must be "subscribe" and hub.verify_token equal `verify_token`
// (constant time); the answer is hub.challenge, to be echoed as the plain-text 200 body. Anything
// else → kUnauthorized (the server answers 403). Parameters already URL-decoded.
Result<std::string> AnswerVerification(std::optional<std::string_view> mode,
                                       std::optional<std::string_view> verify_token_given,
                                       std::optional<std::string_view> challenge,
                                       std::string_view verify_token);

// Parses a webhook body (§5). Every entry/change/message/status is read; fields other than
// "messages", value.errors[] and legacy statuses count as `ignored`. Malformed JSON or a wrong
// shape → kInvalidInput whose message names the path
// ("entry[0].changes[0].value.messages[1].type").
Result<WebhookBatch> ParseWebhook(std::string_view raw_body);

}  // namespace atende::channel::whatsapp_cloud
