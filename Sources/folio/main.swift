import FolioCore
let lib = DigestLoader.load(paths: CommandLine.arguments.dropFirst().map { $0 })
print(lib.fileCount, lib.entryCount, lib.papers.count, lib.problems.count)
for p in lib.problems { print(p) }
for d in lib.digests { print(d.source, d.shape, d.date, d.entryCount) }
if CommandLine.arguments.count > 2 { for p in lib.papers { print("T\t\(p.normalizedTitle)") } }
if CommandLine.arguments.count > 2 { for p in lib.papers { print("A\t\(p.id)\t\(p.abstract.prefix(80))\t\(p.title)") } }
