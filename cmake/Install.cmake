# Install: library, public headers, lexicons, CMake package and pkg-config file.
include(CMakePackageConfigHelpers)

install(TARGETS reframe EXPORT reframeTargets
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY include/reframe DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES ${PROJECT_BINARY_DIR}/include/reframe/version.h ${PROJECT_BINARY_DIR}/include/reframe/export.h
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/reframe)
install(DIRECTORY lexicons/ DESTINATION ${CMAKE_INSTALL_DATADIR}/reframe/lexicons)
if(TARGET reframe_cli)
  install(TARGETS reframe_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()

set(REFRAME_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/reframe)
install(EXPORT reframeTargets NAMESPACE reframe:: DESTINATION ${REFRAME_CMAKE_DIR})
configure_package_config_file(cmake/reframeConfig.cmake.in ${PROJECT_BINARY_DIR}/reframeConfig.cmake
  INSTALL_DESTINATION ${REFRAME_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/reframeConfigVersion.cmake
  COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/reframeConfig.cmake ${PROJECT_BINARY_DIR}/reframeConfigVersion.cmake
  DESTINATION ${REFRAME_CMAKE_DIR})
export(EXPORT reframeTargets NAMESPACE reframe:: FILE ${PROJECT_BINARY_DIR}/reframeTargets.cmake)

install(FILES cmake/FindCLD2.cmake DESTINATION ${REFRAME_CMAKE_DIR})  # for static builds' users

# reframe.pc finds its prefix from its own place (${pcfiledir}), so an install
# moved or made with `cmake --install --prefix P` still points at itself.
file(RELATIVE_PATH REFRAME_PC_TO_PREFIX "/prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/prefix")
string(REGEX REPLACE "/$" "" REFRAME_PC_TO_PREFIX "${REFRAME_PC_TO_PREFIX}")
set(REFRAME_PC_CFLAGS "")
if(NOT BUILD_SHARED_LIBS)
  set(REFRAME_PC_CFLAGS " -DREFRAME_STATIC_DEFINE")
endif()
configure_file(cmake/reframe.pc.in ${PROJECT_BINARY_DIR}/reframe.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/reframe.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
