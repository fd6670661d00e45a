// Entities in a subscriber's message: CPF/CNPJ in any typing (also inside a sentence), dates the
// way people say them resolved against today, amounts, menu choices and yes/no. Pure functions over
// the text; documents are returned by shape (core::Document) — check digits are the dialogue's job
// (br::ParseDocument), so an invalid CPF can get its own reply.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/date.h"
#include "core/document.h"
#include "core/money.h"

namespace atende::nlu {

// Every CPF- or CNPJ-shaped sequence: "meu cpf é 529.982.247-25", "52998224725", "529 982 247 25",
// "12.ABC.345/01DE-35". A run of 11 digits that looks like a phone is still returned (the dialogue
// decides).
std::vector<Document> FindDocuments(std::string_view text);

// "hoje", "amanhã", "depois de amanhã", "sexta" (the next Friday after today), "sexta que vem" /
// "próxima sexta" (the Friday of next week), "semana que vem" (next Monday), "fim de semana",
// "daqui a 3 dias", "em 10 dias", "dia 15" (this month if not past, else next), "15/12",
// "15/12/2026", "começo do mês" (the 5th of the next month, or of this month when today is before
// the 5th), "fim do mês", "mês que vem" (the 1st of next month).
std::optional<Date> FindDate(std::string_view text, Date today);

// A birth date as people type it: "02/03/1985", "2/3/85", "02031985", "2 de março de 1985",
// "1985-03-02". Two-digit years are 19xx when later than today's two digits, else 20xx. Dates after
// today are refused.
std::optional<Date> FindBirthDate(std::string_view text, Date today);

// "R$ 99,90", "99,90", "99 reais", "R$1.234,56".
std::optional<Money> FindAmount(std::string_view text);

// Which of `options` (menu rows or button titles, in order) the message picks: "2", "opção 2", "o
// segundo", "a última", or words of the title ("a do escritório"). nullopt when nothing or more
// than one option matches.
std::optional<size_t> FindChoice(std::string_view text, const std::vector<std::string>& options);

enum class YesNo { kYes, kNo, kUnknown };
// "sim", "s", "pode", "claro", "isso", "ok", "👍", "uhum", "com certeza" … / "não", "n", "ñ", "agora
// não", "👎" ….
YesNo FindYesNo(std::string_view text);

}  // namespace atende::nlu
