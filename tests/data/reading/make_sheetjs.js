// Rebuild the SheetJS files of this folder (see README.md):
//   npm install xlsx@0.18.5 && node tests/data/reading/make_sheetjs.js
// sheetjs-short-cells.xlsb: each cell after the first of a row in the short form
// (BrtShortSt, BrtShortRk). sheetjs-indented.ods: content.xml indented between elements.
const path = require("path");
const XLSX = require("xlsx");
const rows = [
  ["Case ID", "1.1a", "1.1b", "1.2a"],
  ["FIC-001", "Yes", "No", "Yes"],
  ["FIC-002", "No", "Yes", "N/A"],
  ["FIC-003", "Yes", "Yes", 1],
  ["FIC-004", "Not done", "", "Yes"],
];
const book = XLSX.utils.book_new();
XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet(rows), "Cases");
const folder = process.argv[2] || __dirname;
XLSX.writeFile(book, path.join(folder, "sheetjs-short-cells.xlsb"), { bookType: "xlsb" });
XLSX.writeFile(book, path.join(folder, "sheetjs-indented.ods"), { bookType: "ods" });
