# Install layout (GNUInstallDirs) and the Debian package (CPack DEB).
# Included from the top-level CMakeLists.txt after the leftsr target.
#
#   cmake --install BUILD [--prefix P]   or   make install PREFIX=P DESTDIR=D
#   make deb                             leftsr_VERSION_ARCH.deb (see Makefile)
set(LSR_ASSETS ${CMAKE_SOURCE_DIR}/assets)
set(LSR_ZSH_COMPLETION_DIR ${CMAKE_INSTALL_DATADIR}/zsh/site-functions CACHE STRING
    "Where _leftsr goes (Debian's own zsh reads share/zsh/vendor-completions)")

# Debian policy wants the man page and changelog compressed with gzip -9n
# (no name or time inside, so every build gives the same bytes).
find_program(LSR_GZIP gzip)
if(NOT LSR_GZIP)
  message(FATAL_ERROR "gzip is needed to compress the man page and changelog")
endif()
set(LSR_GZ_OUTPUTS)
# the man page's translations: assets/man/LANG/leftsr.1 -> man-LANG/leftsr.1.gz
file(GLOB LSR_MAN_TRANSLATIONS RELATIVE ${LSR_ASSETS} ${LSR_ASSETS}/man/*/leftsr.1)
set(LSR_GZ_PAIRS "leftsr.1|leftsr.1.gz" "changelog|changelog.gz")
set(LSR_MAN_LANGS)
foreach(page ${LSR_MAN_TRANSLATIONS})
  get_filename_component(dir ${page} DIRECTORY)
  get_filename_component(lang ${dir} NAME)
  list(APPEND LSR_GZ_PAIRS "${page}|man-${lang}/leftsr.1.gz")
  list(APPEND LSR_MAN_LANGS ${lang})
endforeach()
foreach(pair ${LSR_GZ_PAIRS})
  string(REPLACE "|" ";" pair "${pair}")
  list(GET pair 0 src)
  list(GET pair 1 out)
  get_filename_component(out_dir ${CMAKE_BINARY_DIR}/${out} DIRECTORY)
  add_custom_command(OUTPUT ${CMAKE_BINARY_DIR}/${out}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${out_dir}
    COMMAND sh -c "'${LSR_GZIP}' -9n -c '${LSR_ASSETS}/${src}' > '${CMAKE_BINARY_DIR}/${out}'"
    DEPENDS ${LSR_ASSETS}/${src} VERBATIM)
  list(APPEND LSR_GZ_OUTPUTS ${CMAKE_BINARY_DIR}/${out})
endforeach()
add_custom_target(leftsr_compressed_docs ALL DEPENDS ${LSR_GZ_OUTPUTS})
# `make play` builds only leftsr; the install still finds these afterwards
add_dependencies(leftsr leftsr_compressed_docs)

install(TARGETS leftsr RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# a stripped install (CPack, --strip) also drops the compilers' notes, as dh_strip does
if(CMAKE_OBJCOPY)
  install(CODE "if(CMAKE_INSTALL_DO_STRIP)
    execute_process(COMMAND \"${CMAKE_OBJCOPY}\" --remove-section=.comment
      \"\$ENV{DESTDIR}\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}/leftsr\")
  endif()")
endif()
# the scenarios and their translations (po/LANG/NAME.po), which play --lang reads
install(DIRECTORY scenarios/ DESTINATION ${CMAKE_INSTALL_DATADIR}/leftsr/scenarios
        FILES_MATCHING PATTERN "*.json" PATTERN "*.po")
# the program's own words in other languages (found as share/leftsr/po/LANG.po)
file(GLOB LSR_UI_CATALOGS ${LSR_ASSETS}/po/*.po)
install(FILES ${LSR_UI_CATALOGS} DESTINATION ${CMAKE_INSTALL_DATADIR}/leftsr/po)
install(DIRECTORY ${LSR_ASSETS}/icons/hicolor DESTINATION ${CMAKE_INSTALL_DATADIR}/icons)
install(FILES ${LSR_ASSETS}/icons/${LSR_APP_ID}.svg
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)
install(FILES ${LSR_ASSETS}/${LSR_APP_ID}.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES ${LSR_ASSETS}/${LSR_APP_ID}.metainfo.xml DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
install(FILES ${CMAKE_BINARY_DIR}/leftsr.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
foreach(lang ${LSR_MAN_LANGS})
  install(FILES ${CMAKE_BINARY_DIR}/man-${lang}/leftsr.1.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/${lang}/man1)
endforeach()
install(FILES ${LSR_ASSETS}/completion/leftsr.bash
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME leftsr)
install(FILES ${LSR_ASSETS}/completion/_leftsr DESTINATION ${LSR_ZSH_COMPLETION_DIR})
install(FILES README.md ${LSR_ASSETS}/copyright ${CMAKE_BINARY_DIR}/changelog.gz
        DESTINATION ${CMAKE_INSTALL_DOCDIR})
file(GLOB LSR_DOC_PAGES ${CMAKE_SOURCE_DIR}/docs/*.md)
install(FILES ${LSR_DOC_PAGES} DESTINATION ${CMAKE_INSTALL_DOCDIR}/docs)

# ------------------------------------------------------------- Debian package
# cpack and `make install` install what is built; they need not build the tests first
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME leftsr)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "The leftsr authors <leftsr@users.noreply.github.com>")
set(CPACK_DEBIAN_PACKAGE_SECTION games)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://github.com/leftsr/leftsr")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# found through fontconfig at run time, so shlibdeps cannot see it: Cyrillic text
set(CPACK_DEBIAN_PACKAGE_DEPENDS "fonts-dejavu-core")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "historical game of the Left Socialist-Revolutionaries, 1917-1918")
# CPack puts the summary first and indents these lines as Debian wants
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "Lead the Left SRs through the Russian Revolution: the Second Congress of
Soviets, the coalition with Lenin's Bolsheviks, the peace of Brest-Litovsk
and July 1918. After each decision the game shows what the party really
did and which source says so; at the end it scores historical fidelity and
the outcome against history.

Plays in a window (SDL2) or in the terminal, has a projector mode for
classes with printable reports, and checks and analyses scenario files
written in JSON.")
include(CPack)
