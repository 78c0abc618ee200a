/// libFuzzer's entry point: every input goes through every parser of card data.
/// Compiled in one module with the parsing files of Sources/BeID (parsers/ links to them).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    fuzzParse(Array(UnsafeBufferPointer(start: data, count: count)))
    return 0
}
