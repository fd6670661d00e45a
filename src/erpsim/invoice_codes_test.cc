#include "erpsim/invoice_codes.h"

#include <gtest/gtest.h>

#include "br/boleto.h"
#include "br/pix.h"
#include "erpsim/testing/fetch.h"

namespace atende::erpsim {
namespace {

Dataset Golden() { return *Dataset::Load(testing::GoldenPath()); }

TEST(InvoiceCodes, GoldenInvoiceMatchesTheSpecVectors) {
  Dataset d = Golden();
  auto codes = MakeInvoiceCodes(d.isp, *d.FindInvoice(100));
  ASSERT_TRUE(codes.ok()) << codes.error().message;
  EXPECT_EQ(codes->linha, "34191234050000000100800000567891816260000009990");
  EXPECT_EQ(codes->linha_formatted, "34191.23405 00000.001008 00000.567891 8 16260000009990");
  EXPECT_EQ(codes->txid, "FAT100");
  ASSERT_GE(codes->pix.size(), 4u);
  EXPECT_EQ(codes->pix.substr(codes->pix.size() - 4), "6FB3");
  auto boleto = br::DecodeBoleto(codes->barcode, d.today);
  ASSERT_TRUE(boleto.ok());
  EXPECT_EQ(boleto->free_field, "1234000000001000000056789");
  auto pix = br::ParsePix(codes->pix);
  ASSERT_TRUE(pix.ok());
  EXPECT_EQ(pix->txid, "FAT100");
  EXPECT_EQ(pix->amount->cents(), 9990);
}

TEST(InvoiceCodes, UpdatedAmountAddsFineAndInterestOnlyWhenOverdue) {
  Dataset d = Golden();
  const Invoice& inv = *d.FindInvoice(100);  // due 2026-11-10, 12 days late on 2026-11-22
  EXPECT_TRUE(IsOverdue(inv, d.today));
  EXPECT_EQ(DaysLate(inv, d.today), 12);
  // 2 % fine = 2.00 (1.998 rounded), interest 1 %/30 per day for 12 days = 0.40 (0.3996 rounded).
  EXPECT_EQ(UpdatedAmount(inv, d.today).cents(), 9990 + 200 + 40);
  EXPECT_EQ(UpdatedAmount(inv, inv.due_date).cents(), 9990);
  EXPECT_FALSE(IsOverdue(*d.FindInvoice(99), d.today));  // paid
}

TEST(InvoiceCodes, BoletoPdfIsAPdf) {
  Dataset d = Golden();
  auto pdf = BoletoPdf(d, *d.FindInvoice(100), d.today);
  ASSERT_TRUE(pdf.ok()) << pdf.error().message;
  EXPECT_EQ(pdf->rfind("%PDF", 0), 0u);
  EXPECT_GT(pdf->size(), 500u);
}

}  // namespace
}  // namespace atende::erpsim
