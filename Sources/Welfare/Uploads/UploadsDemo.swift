import Lino

/// The demo upload types (permits and licences with their expiry reminders, certificates,
/// diplomas) and scanned documents of coached clients expiring around today.
enum UploadsDemo {
    static let step = DataStep("uploads") { ctx in
        guard ctx.count("pcsw.Client") > 0 else { return }
        let files = ctx.store.files
        try await ctx.store.write(as: .system(reason: "demo data: uploads")) { w in
            var uploadTypes: [(Value, String?)] = []
            for (t, unit) in [(ctx.texts("Residence permit", fr: "Permis de séjour", de: "Aufenthaltserlaubnis", nl: "Verblijfsvergunning"), "M"),
                              (ctx.texts("Work permit", fr: "Permis de travail", de: "Arbeitserlaubnis", nl: "Arbeidsvergunning"), "M"),
                              (ctx.texts("Driving licence", fr: "Permis de conduire", de: "Führerschein", nl: "Rijbewijs"), "M"),
                              (ctx.texts("Identifying document", fr: "Document d'identité", de: "Identifizierendes Dokument", nl: "Identiteitsdocument"), "M"),
                              (ctx.texts("Medical certificate", fr: "Certificat médical", de: "Ärztliches Attest", nl: "Medisch attest"), nil),
                              (ctx.texts("Diploma", fr: "Diplôme", de: "Diplom", nl: "Diploma"), nil)] as [([String: String], String?)] {
                var v = ctx.babel(t)
                if let unit { v["warn_expiry_unit"] = .text(unit); v["warn_expiry_value"] = .int(unit == "M" && t["en"] == "Driving licence" ? 1 : 2) }
                uploadTypes.append((try w.insert("uploads.UploadType", v), unit))
            }

            guard let files else { return }
            let clients = try w.rows("pcsw.Client", order: "id", limit: ClientsDemo.withHistory(ctx), fields: ["client_state", "last_name"])
            let primaries = try CoachingsDemo.primaries(w, clients)
            var uploads = 0
            for c in clients where c.string("client_state") == "30" && uploads < 15 {
                guard let coach = primaries[c.id]?["user"] else { continue }
                let (type, _) = uploadTypes[uploads % 4]
                var v: Values = ["type": type, "project": c.id, "user": coach, "start_date": DemoResources.day(-300 + uploads * 10),
                                 "end_date": DemoResources.day(-20 + uploads * 25), "needed": .bool(true),
                                 "description": .text("\(c.string("last_name").uppercased()) \(uploads + 1)")]
                v.merge(try files.put(DemoFiles.pdf, name: "scan-\(uploads + 1).pdf", into: "file")) { a, _ in a }
                try w.insert("uploads.Upload", v)
                uploads += 1
            }
        }
    }
}

/// Small files for the demo uploads.
enum DemoFiles {
    /// A one-page PDF that says "Scanned document (demo)".
    static let pdf: [UInt8] = {
        let text = "BT /F1 18 Tf 72 720 Td (Scanned document \\(demo\\)) Tj ET"
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            "<< /Length \(text.utf8.count) >>\nstream\n\(text)\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
        var out = "%PDF-1.4\n"
        var offsets: [Int] = []
        for (i, o) in objects.enumerated() {
            offsets.append(out.utf8.count)
            out += "\(i + 1) 0 obj\n\(o)\nendobj\n"
        }
        let xref = out.utf8.count
        out += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for o in offsets { out += String(format: "%010d 00000 n \n", o) }
        out += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return Array(out.utf8)
    }()
}
