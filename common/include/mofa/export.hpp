// What libmofa exports. The library is compiled with hidden visibility, so that nothing of its
// engine (Xapian, ICU, fmt, nlohmann-json, xxHash) is part of its ABI: the declarations of these
// headers marked MOFA_EXPORT are its API, and nothing else is visible to the programs that link
// it (the test `exported-symbols` checks it).
#pragma once

#if defined(__GNUC__) || defined(__clang__)
/// Makes a function or class of the public API visible outside libmofa.so (ELF's default
/// visibility). A class marked so exports its members, vtable and type_info; `catch (const
/// mofa::Error&)` across the library's edge needs the type_info.
#define MOFA_EXPORT __attribute__((visibility("default")))
#else
/// Other compilers: mofa is built only with GCC and clang, on ELF systems.
#define MOFA_EXPORT
#endif
