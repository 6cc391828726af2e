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

# Replays the inputs of ${dir}/FOLDER and fails with WHY unless the replay PASSES or FAILS as
# EXPECTED, or, given a PATTERN and its own WHY, unless the replay's messages match PATTERN.
function(replay folder expected why)
  execute_process(COMMAND ${REPLAY} ${dir}/${folder} RESULT_VARIABLE status ERROR_VARIABLE err)
  if(status EQUAL 0)
    set(outcome PASSES)
  else()
    set(outcome FAILS)
  endif()
  if(NOT outcome STREQUAL expected)
    message(FATAL_ERROR "${why} (${status}):\n${err}")
  endif()
  if(ARGC GREATER 3)
    if(NOT err MATCHES "${ARGV3}")
      message(FATAL_ERROR "${ARGV4} (${status}):\n${err}")
    endif()
  endif()
endfunction()

replay(fine PASSES "inputs that end normally or with mofa::Error failed the replay"
       "2 inputs replayed" "the replay did not replay both inputs")
replay(crash FAILS "an input that throws std::logic_error passed the replay"
       "replaying [^\n]*crash-kept\n" "the replay failed without naming the input")
replay(empty FAILS "a folder without inputs passed the replay")
file(REMOVE_RECURSE ${dir})
