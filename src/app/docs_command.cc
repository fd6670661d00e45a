// `atende docs`: renders documents for operators and scripts.
//   atende docs boleto --invoice-json FILE -o out.pdf
//   atende docs contract --template FILE --data-json FILE -o out.pdf   (prints the text's SHA-256)
// Bad input exits 1 with one line on stderr; "-o -" writes the PDF to standard output.
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>

#include "app/command.h"
#include "docs/boleto_pdf.h"
#include "docs/contract_pdf.h"
#include "docs/json_input.h"

namespace atende::app {
namespace {

struct DocsOptions {
  std::string invoice_json;
  std::string template_file;
  std::string data_json;
  std::string output;
};

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error::NotFound("cannot read " + path);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

Status WriteOutput(const std::string& path, const std::string& bytes) {
  if (path == "-") {
    std::cout.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    std::cout.flush();
    return {};
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) return Error::Internal("cannot write " + path);
  return {};
}

int RunBoleto(const DocsOptions& options) {
  Result<std::string> json = ReadFile(options.invoice_json);
  if (!json.ok()) return Fail("docs boleto", json.error().message);
  Result<docs::BoletoPdfData> data = docs::BoletoPdfDataFromJson(*json);
  if (!data.ok()) return Fail("docs boleto", data.error().message);
  Result<std::string> pdf = docs::RenderBoletoPdf(*data);
  if (!pdf.ok()) return Fail("docs boleto", pdf.error().message);
  Status written = WriteOutput(options.output, *pdf);
  if (!written.ok()) return Fail("docs boleto", written.error().message);
  return 0;
}

int RunContract(const DocsOptions& options) {
  Result<std::string> template_text = ReadFile(options.template_file);
  if (!template_text.ok()) return Fail("docs contract", template_text.error().message);
  Result<std::string> json = ReadFile(options.data_json);
  if (!json.ok()) return Fail("docs contract", json.error().message);
  Result<docs::ContractValues> values = docs::ContractValuesFromJson(*json);
  if (!values.ok()) return Fail("docs contract", values.error().message);
  Result<docs::ContractPdf> contract = docs::RenderContractPdf(*template_text, *values);
  if (!contract.ok()) return Fail("docs contract", contract.error().message);
  Status written = WriteOutput(options.output, contract->pdf);
  if (!written.ok()) return Fail("docs contract", written.error().message);
  // The evidence a signature flow records; on stderr when the PDF itself goes to stdout.
  (options.output == "-" ? std::cerr : std::cout)
      << "sha256 " << contract->sha256 << "  pages " << contract->pages << "\n";
  return 0;
}

void Install(CLI::App& root, int& exit_code) {
  auto options = std::make_shared<DocsOptions>();
  CLI::App* docs = root.add_subcommand("docs", "Render boleto and contract PDFs");
  docs->require_subcommand(1);

  CLI::App* boleto =
      docs->add_subcommand("boleto", "Boleto PDF (FEBRABAN layout) from an invoice JSON");
  boleto->add_option("--invoice-json", options->invoice_json, "Invoice JSON (src/docs/README.md)")
      ->required();
  boleto->add_option("-o,--output", options->output, "Output PDF file ('-' for stdout)")
      ->required();
  boleto->callback([options, &exit_code] { exit_code = RunBoleto(*options); });

  CLI::App* contract =
      docs->add_subcommand("contract", "Contract PDF from a template and its values");
  contract->add_option("--template", options->template_file, "Template text with {{placeholders}}")
      ->required();
  contract->add_option("--data-json", options->data_json, "Placeholder values (JSON object)")
      ->required();
  contract->add_option("-o,--output", options->output, "Output PDF file ('-' for stdout)")
      ->required();
  contract->callback([options, &exit_code] { exit_code = RunContract(*options); });
}

const CommandRegistration kRegistration("docs", &Install);

}  // namespace
}  // namespace atende::app
