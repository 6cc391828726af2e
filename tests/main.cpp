#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include "support.hpp"

#include <cstdio>

int main(int argc, char** argv) {
#ifdef MOFA_NEEDS_SHARED
    // Tests on the real corpora need ../shared beside the clone (CI and the developers have
    // it); elsewhere they are skipped, visibly: 77 is CTest's "skipped".
    if (mofa::test::shared_dir().empty()) {
        std::printf("SKIPPED: %s/corpus not found; the tests on the real corpora need it\n", MOFA_SHARED_DIR);
        return 77;
    }
#endif
    doctest::Context context(argc, argv);
    return context.run();
}
