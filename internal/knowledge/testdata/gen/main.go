// Command gen writes the document fixtures of the knowledge tests:
// go run ./internal/knowledge/testdata/gen (from the repository root).
package main

import (
	"archive/zip"
	"bytes"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"strings"
)

func main() {
	dir := filepath.Join("internal", "knowledge", "testdata")
	write := func(name string, b []byte) {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			log.Fatal(err)
		}
	}
	pdf := makePDF([][]string{
		{"Kedai Kek Delivery Policy", "We deliver cakes within the Klang Valley every day from 9am to 6pm."},
		{"Delivery fee is RM15 for orders below RM100. Orders of RM100 or more are delivered free.",
			"East Malaysia orders are shipped frozen by Pos Laju within 3 working days."},
		{"Polisi pemulangan: kek yang rosak semasa penghantaran boleh ditukar dalam masa 24 jam dengan gambar bukti."},
	})
	write("policy.pdf", pdf)
	write("corrupt.pdf", pdf[:len(pdf)/2])
	write("garbage.pdf", []byte("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 9 0 R >> endobj\ntrailer << /Root 1 0 R /Size 99 >>\n%%EOF\n"))

	docx := makeDOCX([]string{
		"Kedai Kek Menu and Halal Status",
		"All our cakes are JAKIM halal certified and baked fresh every morning in Shah Alam.",
		"Our best seller is the Pandan Gula Melaka cake, RM68 for 1 kg.",
		"我们的蛋糕全部获得JAKIM清真认证。生日蛋糕需要提前三天预订。",
		"எங்கள் கேக்குகள் அனைத்தும் ஹலால் சான்றிதழ் பெற்றவை. பிறந்தநாள் கேக்கை மூன்று நாட்களுக்கு முன் முன்பதிவு செய்யவும்.",
	})
	write("menu.docx", docx)
	write("corrupt.docx", docx[:len(docx)-40])
	write("broken-xml.docx", makeRawDOCX(`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>unclosed`))
	// Windows-1252: "Café opens at 8am – closes at 10pm" with an é (0xE9) and an en dash (0x96).
	write("latin1.txt", []byte("Caf\xe9 opens at 8am \x96 closes at 10pm.\r\nParking is free after 7pm.\r\n"))
	write("utf16.txt", utf16LE("\uFEFFWaktu operasi: Isnin hingga Sabtu, 9 pagi hingga 6 petang.\n"))
}

// makePDF writes a minimal PDF 1.4: one page per entry, one text object per line, Helvetica.
func makePDF(pages [][]string) []byte {
	var objs []string
	// 1 catalog, 2 pages, 3 font, then (page, content) pairs.
	kids := []string{}
	for i := range pages {
		kids = append(kids, fmt.Sprintf("%d 0 R", 4+2*i))
	}
	objs = append(objs, "<< /Type /Catalog /Pages 2 0 R >>")
	objs = append(objs, fmt.Sprintf("<< /Type /Pages /Kids [%s] /Count %d >>", strings.Join(kids, " "), len(pages)))
	objs = append(objs, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
	for i, lines := range pages {
		var c strings.Builder
		y := 760
		for _, l := range lines {
			esc := strings.NewReplacer(`\`, `\\`, "(", `\(`, ")", `\)`).Replace(l)
			fmt.Fprintf(&c, "BT /F1 11 Tf 50 %d Td (%s) Tj ET\n", y, esc)
			y -= 40
		}
		objs = append(objs, fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>", 5+2*i))
		objs = append(objs, fmt.Sprintf("<< /Length %d >>\nstream\n%sendstream", c.Len(), c.String()))
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

func makeDOCX(paras []string) []byte {
	var body strings.Builder
	for _, p := range paras {
		esc := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(p)
		fmt.Fprintf(&body, `<w:p><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>`, esc)
	}
	return makeRawDOCX(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>` + body.String() + `</w:body></w:document>`)
}

func makeRawDOCX(document string) []byte {
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	files := []struct{ name, body string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`},
		{"word/document.xml", document},
	}
	for _, f := range files {
		w, err := z.Create(f.name)
		if err != nil {
			log.Fatal(err)
		}
		_, _ = w.Write([]byte(f.body))
	}
	if err := z.Close(); err != nil {
		log.Fatal(err)
	}
	return b.Bytes()
}

func utf16LE(s string) []byte {
	var b []byte
	for _, r := range s {
		if r > 0xFFFF {
			continue
		}
		b = append(b, byte(r), byte(r>>8))
	}
	return b
}
