// The WhatsApp Cloud API's outbound wire format (specs/whatsapp-cloud.md §6–§8): limit checks
// before sending (§7), the exact Graph API JSON for each kind of content, the multipart body of a
// media upload, and the classification of Graph error answers into the Channel port's error kinds.
// Pure functions, thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "channel/channel.h"
#include "core/result.h"

namespace atende::channel::whatsapp_cloud {

// kInvalidInput naming the broken limit (text > 4096, 1–3 buttons with titles ≤ 20 and unique,
// ids ≤ 256, interactive body ≤ 1024, list button ≤ 20, 1–10 rows, row id ≤ 200, title ≤ 24,
// description ≤ 72, caption ≤ 1024, empty bodies, a recipient that is not digits).
// The recipient is E.164 digits without '+' or, for username-only chats, a BSUID ("US.…", sent as
// "recipient" instead of "to").
Status ValidateOutbound(const OutboundMessage& message);
// The content limits alone (the Evolution adapter checks its own recipient forms).
Status ValidateContent(const OutboundContent& content);
bool IsBsuid(std::string_view to);

// The JSON body of POST /{version}/{phone-number-id}/messages. For a document, `media_id` is the id
// the upload returned. The idempotency key travels as biz_opaque_callback_data (echoed in statuses)
// when it fits in 512 characters.
std::string BuildMessageJson(const OutboundMessage& message, std::string_view media_id = {});

// multipart/form-data body for POST /{phone-number-id}/media: messaging_product, type and the file.
std::string BuildMediaUpload(const OutDocument& document, std::string_view boundary);
// A boundary that does not occur in `bytes`.
std::string ChooseBoundary(std::string_view bytes);

// A non-2xx Graph answer as an Error (channel.h): decided on error.code, then the HTTP status.
// detail = "<code> <message> | <error_data.details>" (code first) or "http <status>".
Error ClassifyGraphError(int http_status, std::string_view body);

}  // namespace atende::channel::whatsapp_cloud
