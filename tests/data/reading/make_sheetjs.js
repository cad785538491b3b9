// Rebuild sheetjs-short-cells.xlsb (see README.md):
//   npm install xlsx@0.18.5 && node tests/data/reading/make_sheetjs.js
// SheetJS writes each cell after the first of a row in the short form (BrtShortSt, BrtShortRk).
const path = require("path");
const XLSX = require("xlsx");
const rows = [
  ["Case ID", "1.1a", "1.1b", "1.2a"],
  ["FIC-001", "Yes", "No", "Yes"],
  ["FIC-002", "No", "Yes", "N/A"],
  ["FIC-003", "Yes", "Yes", 1],
];
const book = XLSX.utils.book_new();
XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows), "Cases");
XLSX.writeFile(book, path.join(__dirname, "sheetjs-short-cells.xlsb"), { bookType: "xlsb" });
