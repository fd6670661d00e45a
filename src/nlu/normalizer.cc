#include "nlu/normalizer.h"

#include <utf8proc.h>

#include <array>
#include <unordered_map>
#include <vector>

namespace atende::nlu {
namespace {

// Emojis and symbols that answer or greet on WhatsApp; every other pictograph becomes a space.
std::string_view EmojiWord(utf8proc_int32_t cp) {
  switch (cp) {
    case 0x1F44D:  // 👍
    case 0x1F44C:  // 👌
    case 0x2705:   // ✅
    case 0x2714:   // ✔
    case 0x1F197:  // 🆗
      return "sim";
    case 0x1F44E:  // 👎
    case 0x274C:   // ❌
    case 0x1F6AB:  // 🚫
      return "nao";
    case 0x1F64F:  // 🙏
      return "por favor";
    case 0x1F44B:  // 👋
      return "oi";
    case 0x1F602:  // 😂
    case 0x1F923:  // 🤣
    case 0x1F606:  // 😆
      return "kkk";
    default:
      return {};
  }
}

bool IsAsciiAlnum(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

const std::unordered_map<std::string_view, std::string_view>& Abbreviations() {
  static const std::unordered_map<std::string_view, std::string_view> kMap{
      {"vc", "voce"},
      {"vcs", "voces"},
      {"voce", "voce"},
      {"c", "voce"},
      {"pq", "porque"},
      {"q", "que"},
      {"oq", "o que"},
      {"tb", "tambem"},
      {"tbm", "tambem"},
      {"blz", "beleza"},
      {"bele", "beleza"},
      {"hj", "hoje"},
      {"amn", "amanha"},
      {"amnh", "amanha"},
      {"n", "nao"},
      {"nn", "nao"},
      {"naum", "nao"},
      {"nao", "nao"},
      {"pfv", "por favor"},
      {"pf", "por favor"},
      {"pfvr", "por favor"},
      {"plz", "por favor"},
      {"pls", "por favor"},
      {"obg", "obrigado"},
      {"obgd", "obrigado"},
      {"obgda", "obrigada"},
      {"brigado", "obrigado"},
      {"brigada", "obrigada"},
      {"vlw", "valeu"},
      {"msg", "mensagem"},
      {"td", "tudo"},
      {"qnd", "quando"},
      {"qdo", "quando"},
      {"qto", "quanto"},
      {"qnto", "quanto"},
      {"mt", "muito"},
      {"mto", "muito"},
      {"net", "internet"},
      {"wpp", "whatsapp"},
      {"zap", "whatsapp"},
      {"whats", "whatsapp"},
      {"pra", "para"},
      {"pro", "para o"},
      {"p", "para"},
      {"agr", "agora"},
      {"dps", "depois"},
      {"cmg", "comigo"},
      {"ngm", "ninguem"},
      {"vdd", "verdade"},
      {"ss", "sim"},
      {"s", "sim"},
      {"eh", "e"},
      {"ta", "esta"},
      {"to", "estou"},
      {"tava", "estava"},
      {"kd", "cade"},
      {"fds", "fim de semana"},
      {"cpf", "cpf"},
      {"kero", "quero"},
      {"qro", "quero"},
      {"flw", "falou"},
      {"tmj", "tamo junto"},
      {"abs", "abraco"},
      {"bjs", "beijos"},
      {"sdds", "saudades"},
      {"aki", "aqui"},
      {"tah", "esta"},
      {"neh", "ne"},
      {"vo", "vou"},
      {"internete", "internet"},
      {"boletu", "boleto"},
      {"fatur", "fatura"},
  };
  return kMap;
}

// Collapses a run of three or more equal letters to one, and a doubled letter at the end of a word
// to one
// ("oiii" → "oi", "simmm" → "sim", "boletoo" → "boleto"); "rr" and "ss" inside words stay.
std::string CollapseRepeats(std::string_view word) {
  std::string out;
  out.reserve(word.size());
  for (size_t i = 0; i < word.size();) {
    size_t j = i;
    while (j < word.size() && word[j] == word[i]) ++j;
    size_t run = j - i;
    bool at_end = j == word.size();
    bool letter = word[i] >= 'a' && word[i] <= 'z';
    if (letter && (run >= 3 || (run == 2 && at_end && i > 0))) {
      out += word[i];
    } else {
      out.append(run, word[i]);
    }
    i = j;
  }
  return out;
}

}  // namespace

std::string FoldText(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(utf8.data());
  utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(utf8.size());
  while (left > 0) {
    utf8proc_int32_t cp = 0;
    utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
    if (n <= 0) {  // invalid byte: drop it
      ++p;
      --left;
      continue;
    }
    p += n;
    left -= n;
    if (cp < 0x80) {
      char c = static_cast<char>(cp);
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      if (c == '\t' || c == '\n' || c == '\r') c = ' ';
      out += c;
      continue;
    }
    std::string_view word = EmojiWord(cp);
    if (!word.empty()) {
      out += ' ';
      out += word;
      out += ' ';
      continue;
    }
    // Decompose, case-fold and strip accents of one code point; keep the ASCII that remains.
    std::array<utf8proc_int32_t, 8> buffer{};
    utf8proc_ssize_t count = utf8proc_decompose_char(
        cp, buffer.data(), static_cast<utf8proc_ssize_t>(buffer.size()),
        static_cast<utf8proc_option_t>(UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD |
                                       UTF8PROC_STRIPMARK),
        nullptr);
    bool kept = false;
    for (utf8proc_ssize_t i = 0; i < count && i < static_cast<utf8proc_ssize_t>(buffer.size());
         ++i) {
      utf8proc_int32_t d = buffer[static_cast<size_t>(i)];
      if (d < 0x80 && d > 0x20) {
        char c = static_cast<char>(d);
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        out += c;
        kept = true;
      }
    }
    if (!kept) out += ' ';
  }
  return out;
}

std::string NormalizeForIntent(std::string_view utf8) {
  std::string folded = FoldText(utf8);
  // Split into words of letters and digits; everything else separates.
  std::vector<std::string> words;
  std::string current;
  auto flush = [&] {
    if (!current.empty()) words.push_back(std::move(current));
    current.clear();
  };
  for (char ch : folded) {
    auto c = static_cast<unsigned char>(ch);
    if (IsAsciiAlnum(c)) {
      current += ch;
    } else {
      flush();
    }
  }
  flush();
  std::string out;
  const auto& abbreviations = Abbreviations();
  for (size_t i = 0; i < words.size(); ++i) {
    std::string w = words[i];
    bool has_digit = false, has_alpha = false;
    for (char c : w) (c >= '0' && c <= '9' ? has_digit : has_alpha) = true;
    std::string token;
    // "2 via", "2a via", "2via" → "segunda via"
    bool next_is_via = i + 1 < words.size() && words[i + 1] == "via";
    if ((w == "2" || w == "2a" || w == "2o") && next_is_via) {
      token = "segunda";
    } else if (w == "2via") {
      token = "segunda via";
    } else if (has_digit && !has_alpha) {
      token = "#n";
    } else if (has_digit) {
      token = w;  // mixed, e.g. "500mb", "4g"
    } else {
      std::string collapsed = CollapseRepeats(w);
      auto it = abbreviations.find(collapsed);
      token = it != abbreviations.end() ? std::string(it->second) : collapsed;
    }
    if (!out.empty()) out += ' ';
    out += token;
  }
  return out;
}

}  // namespace atende::nlu
