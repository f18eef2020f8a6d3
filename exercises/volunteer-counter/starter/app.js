// Your JavaScript goes here. Step 1 shows you what to write.
