import FolioModel
import Foundation

extension ProgressReport {
    /// The formats of `folio report`.
    public enum Format: String, Sendable, CaseIterable { case text, markdown, json, csv }

    public func rendered(_ format: Format) -> String {
        switch format {
        case .text: return text()
        case .markdown: return markdown()
        case .json: return json()
        case .csv: return csv()
        }
    }

    private func percent(_ part: Int) -> String { artifacts == 0 ? "0%" : "\(Int((Double(part) * 100 / Double(artifacts)).rounded()))%" }

    private func word(_ key: String) -> String { labels["report." + key] ?? key }

    private func kind(_ kind: String) -> String { labels["kind." + kind] ?? kind }

    private var totalsLine: String {
        "\(deliverables.count) \(word("deliverables")), \(artifacts) \(word("artifacts")): \(available) \(word("available")) (\(percent(available))), "
            + "\(planned.count) \(word("planned")) (\(percent(planned.count))), \(missing.count) \(word("missing"))"
    }

    private func requirementRow(_ requirement: Requirement) -> [String] {
        let rows = deliverables.filter { requirement.deliverables.contains($0.id) }
        return [
            requirement.name, requirement.deliverables.joined(separator: ", ").nilIfEmpty ?? labels["none"] ?? "none", String(rows.reduce(0) { $0 + $1.available }),
            String(rows.reduce(0) { $0 + $1.planned }), String(rows.reduce(0) { $0 + $1.missing }),
        ]
    }

    /// A table for the terminal, columns padded to their widest cell.
    func text() -> String {
        let header = ["requirement", "deliverables", "available", "planned", "missing"].map(word)
        let rows = [header] + requirements.map(requirementRow)
        let widths = header.indices.map { column in rows.map { $0[column].count }.max() ?? 0 }
        var text = title + "\n\n"
        for row in rows {
            text += row.indices.map { $0 == row.count - 1 ? row[$0] : row[$0].padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
                .joined(separator: "  ") + "\n"
        }
        if !planned.isEmpty {
            text += "\n\(word("planned")):\n" + planned.map { "  \(kind($0.detail)): \($0.title) (\($0.deliverable))\n" }.joined()
        }
        if !missing.isEmpty {
            text += "\n\(word("missing")):\n" + missing.map { "  \($0.detail): \($0.title) (\($0.deliverable))\n" }.joined()
        }
        return text + "\n" + totalsLine + "\n"
    }

    /// The progress report to paste into an issue or an e-mail.
    func markdown() -> String {
        func cell(_ text: String) -> String { text.replacingOccurrences(of: "|", with: "\\\\|") }
        let header = ["requirement", "deliverables", "available", "planned", "missing"].map { word($0).capitalizingFirst }
        var text = "## \(cell(title))\n\n\(totalsLine).\n\n| \(header.joined(separator: " | ")) |\n| --- | --- | --- | --- | --- |\n"
        for requirement in requirements { text += "| " + requirementRow(requirement).map(cell).joined(separator: " | ") + " |\n" }
        if !planned.isEmpty {
            text += "\n**\(word("planned").capitalizingFirst):** " + planned.map { "\(cell($0.title)) (\(kind($0.detail)), \($0.deliverable))" }.joined(separator: "; ") + ".\n"
        }
        if !missing.isEmpty {
            text += "\n**\(word("missing").capitalizingFirst):** " + missing.map { "\(cell($0.title)) (`\($0.detail)`, \($0.deliverable))" }.joined(separator: "; ") + ".\n"
        }
        return text
    }

    /// The JSON contract, keys in a fixed order.
    func json() -> String {
        let document: JSONValue = .object([
            ("version", .number(1)),
            ("requirements", .array(requirements.map { requirement in
                .object([
                    ("id", .string(requirement.id)), ("name", .string(requirement.name)),
                    ("deliverables", .array(requirement.deliverables.map(JSONValue.string))), ("covered", .bool(requirement.covered)),
                ])
            })),
            ("deliverables", .array(deliverables.map { deliverable in
                .object([
                    ("id", .string(deliverable.id)), ("title", .string(deliverable.title)), ("status", .string(deliverable.status)),
                    ("requirements", .array(deliverable.requirements.map(JSONValue.string))),
                    ("artifacts", .object([
                        ("available", .number(deliverable.available)), ("planned", .number(deliverable.planned)), ("missing", .number(deliverable.missing)),
                    ])),
                ])
            })),
            ("planned", .array(planned.map { .object([("deliverable", .string($0.deliverable)), ("title", .string($0.title)), ("kind", .string($0.detail))]) })),
            ("missing", .array(missing.map { .object([("deliverable", .string($0.deliverable)), ("title", .string($0.title)), ("path", .string($0.detail))]) })),
            ("totals", .object([
                ("requirements", .number(requirements.count)), ("covered", .number(requirements.filter(\.covered).count)),
                ("deliverables", .number(deliverables.count)), ("artifacts", .number(artifacts)), ("available", .number(available)),
                ("planned", .number(planned.count)), ("missing", .number(missing.count)),
            ])),
        ])
        return document.encoded + "\n"
    }

    /// One row per deliverable, for a spreadsheet.
    func csv() -> String {
        func field(_ text: String) -> String {
            text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : text
        }
        var text = "deliverable,title,status,requirements,available,planned,missing\n"
        for row in deliverables {
            text += [row.id, row.title, row.status, row.requirements.joined(separator: " "), String(row.available), String(row.planned), String(row.missing)]
                .map(field).joined(separator: ",") + "\n"
        }
        return text
    }
}

extension String {
    /// `disponíveis` -> `Disponíveis`.
    var capitalizingFirst: String { prefix(1).uppercased() + dropFirst() }
}
