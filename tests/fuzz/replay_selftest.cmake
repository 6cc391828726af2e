# The replay driver passes inputs that end normally or with mofa::Error, fails on an input that
# crashes (naming it), and fails on a folder without inputs.
#   cmake -DREPLAY=mofa-fuzz-replay-selftest -DWORK=DIR -P replay_selftest.cmake
set(dir ${WORK}/fuzz-replay-selftest)
file(REMOVE_RECURSE ${dir})
file(WRITE ${dir}/fine/seed-a "fine")
file(WRITE ${dir}/fine/seed-b "error")
file(WRITE ${dir}/crash/seed-a "fine")
file(WRITE ${dir}/crash/crash-kept "throw")
file(MAKE_DIRECTORY ${dir}/empty)

execute_process(COMMAND ${REPLAY} ${dir}/fine RESULT_VARIABLE status ERROR_VARIABLE err)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "inputs that end normally or with mofa::Error failed the replay (${status}):\n${err}")
endif()
if(NOT err MATCHES "2 inputs replayed")
  message(FATAL_ERROR "the replay did not replay both inputs:\n${err}")
endif()

execute_process(COMMAND ${REPLAY} ${dir}/crash RESULT_VARIABLE status ERROR_VARIABLE err)
if(status EQUAL 0)
  message(FATAL_ERROR "an input that throws std::logic_error passed the replay:\n${err}")
endif()
if(NOT err MATCHES "replaying [^\n]*crash-kept\n")
  message(FATAL_ERROR "the replay failed (${status}) without naming the input:\n${err}")
endif()

execute_process(COMMAND ${REPLAY} ${dir}/empty RESULT_VARIABLE status ERROR_VARIABLE err)
if(status EQUAL 0)
  message(FATAL_ERROR "a folder without inputs passed the replay")
endif()
file(REMOVE_RECURSE ${dir})
